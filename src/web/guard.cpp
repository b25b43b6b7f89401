// The server's connections: admission, request heads read with a deadline and checked, bodies
// read no further than their length, and refusals with the right status (guard.hpp).
#include "guard.hpp"
#include "http_text.hpp"

#include <arpa/inet.h>
#include <fmt/core.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <iostream>
#include <thread>
#include <vector>

namespace balint::web {
namespace guard {

using Clock = std::chrono::steady_clock;

std::string numeric_address(const sockaddr_storage& ss, socklen_t len, int* port) {
  char host[NI_MAXHOST] = "";
  char serv[NI_MAXSERV] = "";
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&ss), len, host, sizeof host, serv, sizeof serv,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return "";
  if (port) *port = std::atoi(serv);
  std::string h = host;
  if (h.rfind("::ffff:", 0) == 0 && h.find('.') != std::string::npos) h = h.substr(7);
  return h;
}

std::string peer_address(int sock, int* port = nullptr) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "";
  return numeric_address(ss, len, port);
}

std::string local_address(int sock, int* port) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "";
  return numeric_address(ss, len, port);
}

bool loopback(const std::string& a) { return a == "::1" || a.rfind("127.", 0) == 0; }

/// Waits until the socket is readable (or writable), at most until `until`, in slices so that a
/// stopping server is noticed; false on time out, stop or error.
bool wait_for(int sock, short events, Clock::time_point until,
              const std::atomic<socket_t>* listening) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) return false;
    if (listening && *listening == INVALID_SOCKET) return false;
    pollfd p{sock, events, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 250)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

bool send_all(int sock, const char* p, std::size_t n, Clock::time_point until) {
  while (n > 0) {
    if (!wait_for(sock, POLLOUT, until, nullptr)) return false;
    ssize_t k = send(sock, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
  return true;
}

const char* reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

/// A line on standard error for a refusal, at most 20 a second (a flood must not fill the log).
void log_refusal(const std::string& addr, int status, const std::string& why) {
  static std::atomic<std::int64_t> second{0};
  static std::atomic<int> lines{0};
  auto now = std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch());
  if (second.exchange(now.count()) != now.count()) lines = 0;
  if (++lines > 20) return;
  std::cerr << fmt::format("- - {} refused {}: {}\n", status, addr.empty() ? "-" : addr, why)
            << std::flush;
}

/// Answers with `status` and closes: the write side first, then what the client still sends is
/// read and dropped for a moment (a close with unread data would reset the connection, and the
/// client could lose the answer while it is still sending a body).
void refuse_and_close(int sock, int status, const std::string& why, const std::string& addr,
                      std::chrono::seconds io) {
  log_refusal(addr, status, why);
  std::string body = fmt::format("{} {}: {}\n", status, reason(status), why);
  std::string msg = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n"
      "Connection: close\r\n{}\r\n{}",
      status, reason(status), body.size(), status == 503 ? "Retry-After: 5\r\n" : "", body);
  send_all(sock, msg.data(), msg.size(), Clock::now() + io);
  shutdown(sock, SHUT_WR);
  const auto until = Clock::now() + std::chrono::seconds(2);
  std::size_t drained = 0;
  char buf[16 * 1024];
  while (drained < 16u * 1024 * 1024 &&
         wait_for(sock, POLLIN, std::min(until, Clock::now() + std::chrono::seconds(1)), nullptr)) {
    ssize_t k = recv(sock, buf, sizeof buf, MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (k <= 0) break;
    drained += static_cast<std::size_t>(k);
  }
  close(sock);
}

bool is_tchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

/// The request line alone: 0 if acceptable.
HeadCheck check_request_line(std::string_view line) {
  auto bad = [](int status, std::string why) { return HeadCheck{status, std::move(why), 0, true}; };
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return bad(400, "the request line is not METHOD TARGET HTTP-VERSION");
  std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                   version = line.substr(sp2 + 1);
  if (!is_token(method)) return bad(400, "the method is not a token");
  if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7f;
      }))
    return bad(400, "the target has a control, a space or a byte outside ASCII");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
    return bad(400, "the version is not HTTP/n.n");
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return bad(505, "only HTTP/1.0 and HTTP/1.1 are served");
  if (method != "GET" && method != "HEAD" && method != "POST")
    return bad(501, "only GET, HEAD and POST are served");
  return {};
}

}  // namespace guard

HeadCheck check_head(const std::string& head, const ConnectionLimits& limits) {
  using namespace guard;
  auto bad = [](int status, std::string why) { return HeadCheck{status, std::move(why), 0, true}; };
  std::string_view rest(head);
  auto eol = rest.find("\r\n");
  if (eol == std::string_view::npos) return bad(400, "no request line");
  if (eol > limits.max_request_line) return bad(414, "the request line is too long");
  HeadCheck line = check_request_line(rest.substr(0, eol));
  if (line.status) return line;
  const bool http10 = rest.substr(eol - 8, 8) == "HTTP/1.0";
  rest.remove_prefix(eol + 2);
  int fields = 0, hosts = 0;
  std::string length, te, ce, connection;
  bool two_lengths = false;
  while (!rest.empty()) {
    eol = rest.find("\r\n");
    if (eol == std::string_view::npos) return bad(400, "a header line does not end in CRLF");
    std::string_view field = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    if (field.empty()) break;  // the empty line that ends the head
    if (++fields > limits.max_fields) return bad(431, "too many header fields");
    if (field.size() + 2 > limits.max_field) return bad(431, "a header line is too long");
    if (field.front() == ' ' || field.front() == '\t')
      return bad(400, "a folded header line (obsolete line folding)");
    auto colon = field.find(':');
    if (colon == std::string_view::npos) return bad(400, "a header line without a colon");
    std::string_view name = field.substr(0, colon);
    if (!is_token(name)) return bad(400, "a header name that is not a token");
    std::string_view value = trim_ows(field.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) {
          auto u = static_cast<unsigned char>(c);
          return (u < 0x20 && u != '\t') || u == 0x7f;
        }))
      return bad(400, "a control character in a header value");
    std::string n = ascii_lower(name);
    if (n == "host") {
      ++hosts;
    } else if (n == "content-length") {
      if (!length.empty() && length != value) two_lengths = true;
      length = value;
    } else if (n == "transfer-encoding") {
      te += (te.empty() ? "" : ",") + ascii_lower(value);
    } else if (n == "content-encoding") {
      ce = ascii_lower(value);
    } else if (n == "connection") {
      connection = ascii_lower(value);
    }
  }
  if (!rest.empty()) return bad(400, "bytes after the end of the head");
  if (hosts > 1 || (hosts == 0 && !http10)) return bad(400, "an HTTP/1.1 request needs one Host");
  if (two_lengths) return bad(400, "two different Content-Length values");
  if (!te.empty() && !length.empty()) return bad(400, "both Transfer-Encoding and Content-Length");
  if (!te.empty())
    return te == "chunked" ? bad(411, "a body must come with a Content-Length, not chunked")
                           : bad(501, "a transfer coding this server does not implement");
  if (!ce.empty() && ce != "identity") return bad(415, "a compressed request body");
  HeadCheck ok;
  if (!length.empty()) {
    if (length.size() > 18 ||
        !std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return bad(400, "a Content-Length that is not a number");
    ok.body_length = std::stoull(length);
    if (ok.body_length > limits.max_body)
      return bad(413,
                 fmt::format("a body of {} bytes; the largest upload is {} MB; nothing was stored",
                             ok.body_length, limits.max_body / (1024 * 1024)));
  }
  ok.close = connection.find("close") != std::string::npos ||
             (http10 && connection.find("keep-alive") == std::string::npos);
  return ok;
}

namespace guard {

/// One connection's socket and the bytes read from it that no request has taken yet.
struct Conn {
  int sock;
  std::string pending;
};

enum class Head { ready, gone, refused };

/// Reads the next request head into `head`: the first byte within the idle time (else the
/// connection is closed without a word), the whole head within the head time (else 408).
Head read_head(Conn& c, const ConnectionLimits& lim, const std::atomic<socket_t>& listening,
               std::string& head, HeadCheck& refusal) {
  auto fill = [&](Clock::time_point until) {
    if (!wait_for(c.sock, POLLIN, until, &listening)) return -1;
    char buf[16 * 1024];
    ssize_t k = recv(c.sock, buf, sizeof buf, MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EINTR)) return 1;
    if (k <= 0) return 0;
    c.pending.append(buf, static_cast<std::size_t>(k));
    return 1;
  };
  auto strip_empty_lines = [&] {  // a CRLF or two before a request line is allowed (RFC 9112)
    while (c.pending.rfind("\r\n", 0) == 0) c.pending.erase(0, 2);
  };
  strip_empty_lines();
  const auto idle_until = Clock::now() + lim.idle;
  while (c.pending.empty()) {
    if (fill(idle_until) <= 0) return Head::gone;
    strip_empty_lines();
  }
  const auto until = Clock::now() + lim.head;
  std::size_t scanned = 0;
  bool line_checked = false;
  for (;;) {
    for (; scanned < c.pending.size(); ++scanned) {
      if (c.pending[scanned] != '\n') continue;
      if (scanned == 0 || c.pending[scanned - 1] != '\r') {
        refusal = {400, "a line ends in LF without CR", 0, true};
        return Head::refused;
      }
      if (!line_checked) {  // the request line, as soon as it is whole (HTTP/0.9 gets 400)
        line_checked = true;
        if (scanned - 1 > lim.max_request_line) {
          refusal = {414, "the request line is too long", 0, true};
          return Head::refused;
        }
        HeadCheck line = check_request_line(std::string_view(c.pending).substr(0, scanned - 1));
        if (line.status) {
          refusal = line;
          return Head::refused;
        }
      }
      if (scanned >= 3 && c.pending.compare(scanned - 3, 4, "\r\n\r\n") == 0) {
        head = c.pending.substr(0, scanned + 1);
        c.pending.erase(0, scanned + 1);
        return Head::ready;
      }
    }
    if (!line_checked) {  // garbage (a TLS hello, a binary protocol) is refused at once
      std::string_view method(c.pending);
      method = method.substr(0, std::min(method.find(' '), method.find('\r')));
      if (!std::all_of(method.begin(), method.end(),
                       [](char ch) { return is_tchar(static_cast<unsigned char>(ch)); })) {
        refusal = {400, "the method is not a token", 0, true};
        return Head::refused;
      }
    }
    if (!line_checked && c.pending.size() > lim.max_request_line) {
      refusal = {414, "the request line is too long", 0, true};
      return Head::refused;
    }
    if (c.pending.size() > lim.max_head) {
      refusal = {431, "the request head is too large", 0, true};
      return Head::refused;
    }
    int got = fill(until);
    if (got == 0) return Head::gone;
    if (got < 0) {
      if (listening == INVALID_SOCKET) return Head::gone;
      refusal = {408, "the request head did not arrive in time", 0, true};
      return Head::refused;
    }
  }
}

/// What cpp-httplib reads one request from and writes its response to: the head read above,
/// then the body up to its Content-Length (end of stream after it), both within the request's
/// deadline.
class GuardStream : public httplib::Stream {
 public:
  GuardStream(Conn& c, std::string head, std::uint64_t body, const ConnectionLimits& lim)
      : c_(c),
        head_(std::move(head)),
        body_left_(body),
        io_(lim.io),
        deadline_(Clock::now() + lim.request) {}

  using httplib::Stream::write;

  bool is_readable() const override {
    return pos_ < head_.size() || (body_left_ > 0 && !c_.pending.empty()) ||
           (body_left_ > 0 && wait_for(c_.sock, POLLIN, until(), nullptr));
  }
  bool is_writable() const override { return wait_for(c_.sock, POLLOUT, until(), nullptr); }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ < head_.size()) {
      std::size_t n = std::min(size, head_.size() - pos_);
      std::copy_n(head_.data() + pos_, n, ptr);
      pos_ += n;
      return static_cast<ssize_t>(n);
    }
    if (body_left_ == 0) return 0;
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, body_left_));
    if (!c_.pending.empty()) {
      std::size_t n = std::min(want, c_.pending.size());
      std::copy_n(c_.pending.data(), n, ptr);
      c_.pending.erase(0, n);
      body_left_ -= n;
      return static_cast<ssize_t>(n);
    }
    for (;;) {
      if (!wait_for(c_.sock, POLLIN, until(), nullptr)) {
        timed_out_ = true;
        return -1;
      }
      ssize_t k = recv(c_.sock, ptr, want, MSG_DONTWAIT);
      if (k < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (k <= 0) return -1;  // the body ended before its length
      body_left_ -= static_cast<std::uint64_t>(k);
      return k;
    }
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (timed_out_) return -1;  // the 408 is written by the connection, not after a 400
    for (;;) {
      if (!wait_for(c_.sock, POLLOUT, until(), nullptr)) return -1;
      ssize_t k = send(c_.sock, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (k < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (k > 0) wrote_ = true;
      return k;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = peer_address(c_.sock, &port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_address(c_.sock, &port);
  }
  socket_t socket() const override { return c_.sock; }

  bool timed_out() const { return timed_out_; }
  bool wrote() const { return wrote_; }
  bool body_unread() const { return body_left_ > 0; }

 private:
  Clock::time_point until() const { return std::min(deadline_, Clock::now() + io_); }

  Conn& c_;
  std::string head_;
  std::size_t pos_ = 0;
  std::uint64_t body_left_;
  std::chrono::seconds io_;
  Clock::time_point deadline_;
  bool timed_out_ = false;
  bool wrote_ = false;
};

}  // namespace guard

GuardedServer::GuardedServer(ConnectionLimits limits) : limits_(limits) {}
GuardedServer::~GuardedServer() = default;

bool GuardedServer::admit(const std::string& addr) {
  std::lock_guard lock(mu_);
  if (open_ >= limits_.max_connections) return false;
  const bool capped = !(limits_.proxy_on_loopback && guard::loopback(addr));
  if (capped && per_address_[addr] >= limits_.max_per_address) return false;
  ++open_;
  ++per_address_[addr];
  return true;
}

void GuardedServer::release(const std::string& addr) {
  std::lock_guard lock(mu_);
  --open_;
  if (--per_address_[addr] <= 0) per_address_.erase(addr);
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  using namespace guard;
  const std::string addr = peer_address(sock);
  if (!admit(addr)) {
    refuse_and_close(sock, 503, "too many connections", addr, limits_.io);
    return false;
  }
  struct Release {
    GuardedServer& s;
    const std::string& a;
    ~Release() { s.release(a); }
  } release_on_exit{*this, addr};
  Conn c{sock, {}};
  bool ret = false;
  for (int count = limits_.keep_alive_max; count > 0; --count) {
    std::string head;
    HeadCheck refusal;
    Head got = read_head(c, limits_, svr_sock_, head, refusal);
    if (got == Head::gone) break;
    if (got == Head::ready) refusal = check_head(head, limits_);
    if (refusal.status) {
      refuse_and_close(sock, refusal.status, refusal.why, addr, limits_.io);
      return false;
    }
    GuardStream strm(c, std::move(head), refusal.body_length, limits_);
    const bool last = count == 1 || svr_sock_ == INVALID_SOCKET;
    bool closed = false;
    ret = process_request(strm, last, closed, nullptr);
    if (strm.timed_out() && !strm.wrote()) {
      refuse_and_close(sock, 408, "the request body did not arrive in time", addr, limits_.io);
      return false;
    }
    if (!ret || closed || last || refusal.close || strm.body_unread()) break;
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return ret;
}

struct ConnectionThreads::State {
  std::mutex mu;
  std::condition_variable cv;
  int live = 0;
  int ceiling = 0;
};

ConnectionThreads::ConnectionThreads(int ceiling) : state_(std::make_shared<State>()) {
  state_->ceiling = ceiling;
}

void ConnectionThreads::enqueue(std::function<void()> fn) {
  {
    std::unique_lock lock(state_->mu);
    state_->cv.wait(lock, [&] { return state_->live < state_->ceiling; });
    ++state_->live;
  }
  auto run = [s = state_, fn = std::move(fn)] {
    fn();
    std::lock_guard lock(s->mu);
    --s->live;
    s->cv.notify_all();
  };
  try {
    std::thread(run).detach();
  } catch (const std::system_error&) {  // no thread to be had: on the acceptor's own
    run();
  }
}

void ConnectionThreads::shutdown() {
  std::unique_lock lock(state_->mu);
  state_->cv.wait(lock, [&] { return state_->live == 0; });
}

}  // namespace balint::web
