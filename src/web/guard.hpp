#pragma once
// Private to web: the server's connection handling in front of cpp-httplib's request parser.
// cpp-httplib 0.11 (Debian's) gives each connection a worker of a fixed pool for as long as it
// is open, waits for a request head without a deadline (a byte every few seconds keeps it
// forever), reads a refused body to its end before answering 413, and takes chunked or
// compressed bodies with no limit at all. Here each connection has a thread of its own, admitted
// under a cap for all and one for each address; the request head is read here with a deadline
// and a size limit and checked before cpp-httplib sees it; and a body is read no further than its
// Content-Length, which must be within the upload limit.
#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace balint::web {

struct ConnectionLimits {
  int max_connections = 1024;  ///< open at once, all addresses (503 beyond)
  int max_per_address = 32;    ///< open at once from one address (503 beyond)
  /// The per-address cap is not applied to a loopback peer behind a reverse proxy (every client
  /// arrives through it).
  bool proxy_on_loopback = false;
  std::chrono::seconds idle{5};      ///< no request started: the connection is closed
  std::chrono::seconds head{10};     ///< a request's line and headers, from its first byte (408)
  std::chrono::seconds request{60};  ///< its body and its response, from the head's end
  std::chrono::seconds io{10};       ///< no byte moving either way within a request (408)
  std::size_t max_request_line = 8 * 1024;  ///< 414 beyond
  std::size_t max_head = 32 * 1024;         ///< request line and headers (431 beyond)
  int max_fields = 100;                     ///< header fields (431 beyond)
  /// One header line (431 beyond; cpp-httplib answers 400 to one longer than 8 KB).
  std::size_t max_field = 8 * 1024;
  std::uint64_t max_body = 0;  ///< Content-Length (413 beyond)
  int keep_alive_max = 100;    ///< requests on one connection
};

/// What a request head says, or why it is refused before cpp-httplib sees it.
struct HeadCheck {
  int status = 0;  ///< 0: acceptable; else the status to refuse it with (the connection closes)
  std::string why;
  std::uint64_t body_length = 0;
  bool close = false;  ///< the client asked for the connection to be closed afterwards
};

/// Checks a complete request head (request line and header fields, ending in an empty line,
/// CRLF throughout).
HeadCheck check_head(const std::string& head, const ConnectionLimits& limits);

/// cpp-httplib listens with a backlog of 5: a burst of new connections while the acceptor waits
/// for a core has its SYNs dropped, and each such client waits a second to send it again.
/// listen() again on the bound socket sets a longer one (the kernel caps it at somaxconn).
constexpr int kListenBacklog = 1024;

/// cpp-httplib's server with the connection handling above (plain HTTP; TLS is SSLServer's own).
class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ConnectionLimits limits);
  ~GuardedServer() override;
  /// After bind_to_port.
  bool raise_backlog() { return ::listen(svr_sock_, kListenBacklog) == 0; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool admit(const std::string& addr);
  void release(const std::string& addr);

  ConnectionLimits limits_;
  std::mutex mu_;
  int open_ = 0;
  std::map<std::string, int> per_address_;
};

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT  // (the unit tests include this without TLS)
/// SSLServer with the longer backlog.
class TlsServer : public httplib::SSLServer {
 public:
  using httplib::SSLServer::SSLServer;
  bool raise_backlog() { return ::listen(svr_sock_, kListenBacklog) == 0; }
};
#endif

/// A thread for each connection (cpp-httplib's TaskQueue), at most `ceiling` at once (the
/// acceptor waits beyond it); shutdown() waits for them all.
class ConnectionThreads : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(int ceiling);
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace balint::web
