"""Shared by the browser tests: headless Chromium through Selenium (Debian's chromium,
chromium-driver and python3-selenium), axe-core injected into every page, a keyboard walk,
downloads and screenshots."""
import json
import os
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import Fail, check

HERE = os.path.dirname(os.path.abspath(__file__))
AXE = os.path.join(HERE, "node_modules", "axe-core", "axe.min.js")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--lang=en-GB"]
DESKTOP = (1280, 900)
PHONE = (390, 844)   # CSS pixels of a common phone, portrait

# Everything a keyboard user should be able to reach on a page.
FOCUSABLE_JS = """
const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
const out = [];
document.querySelectorAll(sel).forEach((el, i) => {
  if (el.disabled || el.getAttribute('tabindex') === '-1') return;
  const st = getComputedStyle(el);
  if (st.visibility === 'hidden' || st.display === 'none' || el.getClientRects().length === 0) return;
  if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') return;
  el.setAttribute('data-kb', String(i));
  out.push(String(i));
});
return out;
"""

ACTIVE_JS = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const st = getComputedStyle(el);
const ring = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
return {kb: el.getAttribute('data-kb'), ring: ring,
        what: el.tagName + (el.id ? '#' + el.id : '') + (el.name ? '[' + el.name + ']' : '')};
"""


class Browser:
    """One headless Chromium with its own profile and download folder."""

    def __init__(self, base_url, name="browser", lang="en-GB"):
        self.base = base_url
        self.name = name
        self.profile = tempfile.mkdtemp(prefix="balint-chromium-")
        self.downloads = os.path.join(self.profile, "downloads")
        os.makedirs(self.downloads)
        for tool in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
            if not os.access(tool, os.X_OK):
                raise Fail(f"{tool} is missing: run scripts/install-deps.sh")
        if not os.path.exists(AXE):
            raise Fail(f"{AXE} is missing: run scripts/install-deps.sh (npm ci in tests/web)")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for f in FLAGS:
            opts.add_argument(f if not f.startswith("--lang=") else "--lang=" + lang)
        opts.add_argument("--user-data-dir=" + self.profile)
        opts.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
        # `lang`: the browser's language, sent as Accept-Language.
        opts.add_experimental_option("prefs", {"download.default_directory": self.downloads,
                                               "download.prompt_for_download": False,
                                               "intl.accept_languages": lang})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                    {"behavior": "allow", "downloadPath": self.downloads})
        self.axe_source = open(AXE, encoding="utf-8").read()
        self.pages_checked = set()

    def quit(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    # -- navigation -------------------------------------------------------------------------
    def go(self, path):
        self.driver.get(path if path.startswith(("http:", "https:", "data:")) else self.base + path)
        self.axe()

    def path(self):
        url = self.driver.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def click(self, css):
        """Clicks a button or link that leads to another page."""
        self.mark()
        self.find(css).click()

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def finds(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self):
        return self.find("body").text

    def wait_for_path(self, want, what, seconds=30, new_page=True):
        """Waits until the browser shows `want` (a path; with a query, the query too) after a
        form was sent; new_page: a page other than the one the form was on."""
        end = time.time() + seconds
        while time.time() < end:
            here = self.path() if "?" in want else self.path().split("?")[0]
            fresh = not new_page or self.driver.execute_script("return !window.__balint_old")
            if here == want and fresh and self.driver.execute_script(
                    "return document.readyState") == "complete":
                self.axe()
                return
            time.sleep(0.1)
        raise Fail(f"{what}: still at {self.path()}, wanted {want}; the page says: "
                   + self.text()[:400].replace("\n", " | "))

    def mark(self):
        """Marks the page shown, so that wait_for_path can tell when another replaced it."""
        self.driver.execute_script("window.__balint_old = true")

    def fill(self, fields):
        """Types into each field (by id); a <select> gets the option with that text."""
        for field_id, value in fields.items():
            el = self.find("#" + field_id)
            if el.get_attribute("type") == "date":  # its segments follow the locale: set it
                self.driver.execute_script("arguments[0].value = arguments[1]", el, value)
            elif el.tag_name == "select":
                el.find_element(By.XPATH, f".//option[normalize-space(.)='{value}']").click()
            else:
                el.clear()
                el.send_keys(value)

    def submit_with_enter(self, field_id):
        """Presses Enter in a text field: the way a keyboard user sends a form."""
        self.mark()
        self.find("#" + field_id).send_keys(Keys.ENTER)

    # -- accessibility ----------------------------------------------------------------------
    def axe(self):
        """axe-core on the page as it is: no serious or critical violation (WCAG 2.1 A/AA and
        best practices)."""
        self.driver.execute_script(self.axe_source)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(JSON.stringify(r.violations))).catch(e => done('ERROR ' + e));")
        if result.startswith("ERROR"):
            raise Fail(f"axe-core failed on {self.path()}: {result}")
        bad = [v for v in json.loads(result) if v["impact"] in ("serious", "critical")]
        where = self.path().split("?")[0]
        if bad:
            lines = [f"{v['id']} ({v['impact']}): {v['help']} at "
                     + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3]) for v in bad]
            raise Fail(f"axe-core on {where}: " + " | ".join(lines))
        if where not in self.pages_checked:
            for v in json.loads(result):  # the lesser ones, shown once per page
                print(f"note: axe-core on {where}: {v['id']} ({v['impact']}): {v['help']}: "
                      + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3]), flush=True)
            self.pages_checked.add(where)
            check(True, f"axe-core: no serious or critical violation on {where}")

    def keyboard_walk(self, limit=400):
        """Tabs through the page from the top: every visible control is reached, each with a
        visible focus ring. Returns the order reached (descriptions)."""
        wanted = set(self.driver.execute_script(FOCUSABLE_JS))
        self.driver.execute_script("document.activeElement && document.activeElement.blur();"
                                   "window.scrollTo(0, 0);")
        reached, order, last = set(), [], None
        actions = webdriver.ActionChains(self.driver)
        for _ in range(limit):
            actions.send_keys(Keys.TAB).perform()
            got = self.driver.execute_script(ACTIVE_JS)
            if got is None:
                if reached:
                    break
                continue
            if got["kb"] is not None and got["kb"] == last:
                continue  # within one control (the day, month and year of a date field)
            if got["kb"] in reached:
                break  # round again
            if got["kb"] is not None:
                reached.add(got["kb"])
            last = got["kb"]
            order.append(got["what"])
            if not got["ring"]:
                raise Fail(f"{self.path()}: {got['what']} has no visible focus ring")
        missing = wanted - reached
        if missing:
            names = self.driver.execute_script(
                "return arguments[0].map(k => { const e = document.querySelector('[data-kb=\"' + k + '\"]');"
                " return e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || e.name || '').trim(); });",
                sorted(missing))
            raise Fail(f"{self.path()}: the keyboard does not reach {names}")
        check(True, f"keyboard: Tab reaches all {len(wanted)} controls of {self.path().split('?')[0]}"
                    " in order, each with a focus ring")
        return order

    # -- files ------------------------------------------------------------------------------
    def download(self, link_css, seconds=60):
        """Clicks a link that downloads a file; returns the file's path once it is complete."""
        before = set(os.listdir(self.downloads))
        self.find(link_css).click()
        end = time.time() + seconds
        while time.time() < end:
            new = [f for f in set(os.listdir(self.downloads)) - before
                   if not f.endswith(".crdownload") and not f.startswith(".")]
            if new:
                path = os.path.join(self.downloads, new[0])
                size = -1
                while size != os.path.getsize(path):  # written to the end
                    size = os.path.getsize(path)
                    time.sleep(0.2)
                return path
            time.sleep(0.2)
        raise Fail(f"no download from {link_css} within {seconds} s")

    def screenshot(self, out, width, full=True, most=1600):
        """A PNG of the page at `width` CSS pixels (a phone's is emulated as mobile), as long as
        the page but at most `most` CSS pixels."""
        mobile = width < 600
        self.driver.execute_script("document.activeElement && document.activeElement.blur()")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": PHONE[1] if mobile else DESKTOP[1],
            "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
        time.sleep(0.3)  # layout at the new width
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        if full:
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": min(height, most),
                "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
        if not self.driver.save_screenshot(out):
            raise Fail(f"cannot write {out}")
        scroll_w = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return scroll_w
