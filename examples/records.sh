#!/usr/bin/env bash
# Memberships, accreditations, enrolments and documents of the example society.
# Needs `balint` on PATH and BALINT_DB set (examples/build-ledger.sh does both), and the
# people of examples/people.csv already imported. Not meant to be run twice on one ledger.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOCS="$HERE/docs"
: "${BALINT_DB:?set BALINT_DB to the ledger file}"

# --- Memberships -----------------------------------------------------------------------------
UK="UK Balint Society"
balint membership add helen   --body "$UK" --from 2005-01-01
balint membership add nikos   --body "$UK" --from 2012-01-01
balint membership add cailin  --body "$UK" --from 2021-01-01
balint membership add ronan   --body "$UK" --from 2022-06-01
balint membership add zoe     --body "$UK" --from 2023-06-01
balint membership add juergen --body "$UK" --from 2023-10-01
balint membership add siobhan --body "$UK" --from 2020-01-01
balint membership add anke    --body "$UK" --from 2024-01-01
# Γιώργος let his membership lapse at the end of 2025; he still comes to his group.
balint membership add giorgos --body "$UK" --from 2019-03-01 --to 2025-12-31

balint membership add aroha   --body "BSANZ" --from 2008-01-01
balint membership add grace   --body "BSANZ" --from 2024-07-01
balint membership add ingrid  --body "BSANZ" --from 2024-11-01

balint membership add ruth    --body "American Balint Society" --from 2005-01-01
balint membership add eleni   --body "American Balint Society" --from 2024-01-01
balint membership add kevin   --body "American Balint Society" --from 2024-06-01

DBG="Deutsche Balint-Gesellschaft"
balint membership add hannelore  --body "$DBG" --from 2004-01-01
# Friederike joined before her first leaders' seminar (2025-09-19), as the DBG asks.
balint membership add friederike --body "$DBG" --from 2025-09-01

# --- Accreditations held (the leaders and supervisors) -------------------------------------------
balint accreditation add helen --family bbs-leader --on 2011-05-14 \
  --note "Accredited by the Balint Society (UK)"
balint accreditation add nikos --family bbs-leader --on 2016-10-01 \
  --note "Hellenic groups, accredited by the UK Society"
balint accreditation add aroha --family bsanz-leader --on 2012-03-01
balint accreditation add aroha --family bsanz-leader-trainer --on 2018-09-01 \
  --note "BSANZ Leader Trainer, by invitation"
balint accreditation add ruth --family abs-leader --on 2014-06-01 \
  --note "ABS credentialed leader"
balint accreditation add hannelore --family dbg-leader --on 2009-03-01 \
  --note "Anerkannte Balintgruppenleiterin der DBG"

# --- Enrolments on a pathway (decide the rule edition and the start of 'per' periods) -----------
# The Balint Society (UK): before 2023-06-01 the April 2020 guidelines apply (grandfathered).
balint enrol cailin  --family bbs-leader --on 2022-09-01
balint enrol ronan   --family bbs-leader --on 2023-03-15
balint enrol zoe     --family bbs-leader --on 2023-09-01
balint enrol juergen --family bbs-leader --on 2024-01-15
balint enrol grace   --family bsanz-leader --on 2025-01-20
balint enrol ingrid  --family bsanz-leader --on 2025-02-03
balint enrol eleni   --family abs-leader --on 2024-09-15
balint enrol kevin   --family abs-leader --on 2024-10-01
# The registration for the DBG leader training: the "Beginn der Ausbildung".
balint enrol friederike --family dbg-leader --on 2025-05-15
# CPD years are counted from here, not from their first (November 2024) entry.
balint enrol siobhan --family cpd-uk --on 2025-01-01
balint enrol anke    --family cpd-uk --on 2025-01-01

# --- Documents -----------------------------------------------------------------------------------
balint document add cailin  --type supervisor-report --on 2026-10-02 \
  --file "$DOCS/cailin-supervisor-report.txt" --note "Helen Ashworth's report"
balint document add ronan   --type supervisor-report --on 2026-10-02 \
  --file "$DOCS/ronan-supervisor-report.txt" --note "Helen Ashworth's report"
balint document add juergen --type supervisor-report --on 2026-10-09 \
  --file "$DOCS/juergen-supervisor-report.txt" --note "Νίκος Αντωνίου's report"
balint document add zoe     --type supervisor-report --on 2026-04-10 \
  --note "Six-monthly report from Νίκος Αντωνίου (paper copy)"
balint document add grace   --type supervisor-report --on 2026-07-14 \
  --note "Six-monthly report from Aroha Ngata, the fourth"
balint document add ingrid  --type supervisor-report --on 2025-12-09 \
  --note "Six-monthly report from Aroha Ngata"
balint document add eleni   --type supervisor-agreement --on 2024-10-01 \
  --file "$DOCS/eleni-supervisor-agreement.txt"
balint document add kevin   --type supervisor-agreement --on 2024-10-20 \
  --file "$DOCS/kevin-supervisor-agreement.txt"
# Friederike's specialist title ends her psychotherapeutic training (DBG items 1, 4 and 5b).
balint document add friederike --type psychotherapy-qualification --on 2021-10-01 \
  --note "Fachärztin für Psychiatrie und Psychotherapie, Ärztekammer Hamburg"
