// Request heads checked before cpp-httplib sees them (src/web/guard.cpp): each malformed head
// gets its status, a good one its body length. tests/web/hostile_test.py sends them over a
// socket to a running server.
#include <doctest/doctest.h>

#include <string>

#include "guard.hpp"

using balint::web::check_head;
using balint::web::ConnectionLimits;
using namespace std::string_literals;

namespace {

ConnectionLimits guard_limits() {
  ConnectionLimits l;
  l.max_body = 4 * 1024 * 1024;
  return l;
}

int guard_status(const std::string& head) { return check_head(head, guard_limits()).status; }

}  // namespace

TEST_CASE("a good head passes with its body length and connection choice") {
  auto ok =
      check_head("GET /verify?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n", guard_limits());
  CHECK(ok.status == 0);
  CHECK(ok.body_length == 0);
  CHECK_FALSE(ok.close);
  ok = check_head("POST /api/login HTTP/1.1\r\nHost: a\r\nContent-Length:  42 \r\n\r\n",
                  guard_limits());
  CHECK(ok.status == 0);
  CHECK(ok.body_length == 42);
  CHECK(check_head("GET / HTTP/1.0\r\n\r\n", guard_limits()).close);  // no Host needed in 1.0
  CHECK(check_head("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", guard_limits()).close);
  CHECK(guard_status(
            "HEAD / HTTP/1.1\r\nhost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n") == 0);
}

TEST_CASE("malformed request lines") {
  CHECK(guard_status("HELLO\r\n\r\n") == 400);
  CHECK(guard_status("GET /\r\n\r\n") == 400);                       // HTTP/0.9
  CHECK(guard_status("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") == 400);  // two spaces
  CHECK(guard_status("G\xc3\x89T / HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
  CHECK(guard_status("GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
  CHECK(guard_status("GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/1.1x\r\nHost: a\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505);
  CHECK(guard_status("BREW / HTTP/1.1\r\nHost: a\r\n\r\n") == 501);
  CHECK(guard_status("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n") == 501);
  CHECK(guard_status("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n") == 414);
}

TEST_CASE("malformed header fields") {
  CHECK(guard_status("GET / HTTP/1.1\r\n\r\n") == 400);  // no Host
  CHECK(guard_status("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n"s) == 400);
  CHECK(guard_status("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n") == 400);
  CHECK(guard_status("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(8200, 'a') + "\r\n\r\n") ==
        431);
  std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  CHECK(guard_status(many + "\r\n") == 431);
}

TEST_CASE("bodies: length, codings and the upload limit") {
  const std::string p = "POST / HTTP/1.1\r\nHost: a\r\n";
  CHECK(guard_status(p + "Content-Length: abc\r\n\r\n") == 400);
  CHECK(guard_status(p + "Content-Length: -1\r\n\r\n") == 400);
  CHECK(guard_status(p + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400);
  CHECK(guard_status(p + "Content-Length: 99999999999999999999999\r\n\r\n") == 400);
  CHECK(guard_status(p + "Content-Length: 4194304\r\n\r\n") == 0);
  CHECK(guard_status(p + "Content-Length: 4194305\r\n\r\n") == 413);
  CHECK(guard_status(p + "Content-Length: 1073741824\r\n\r\n") == 413);
  CHECK(guard_status(p + "Transfer-Encoding: chunked\r\n\r\n") == 411);
  CHECK(guard_status(p + "Transfer-Encoding: gzip, chunked\r\n\r\n") == 501);
  CHECK(guard_status(p + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n") == 400);
  CHECK(guard_status(p + "Content-Encoding: gzip\r\nContent-Length: 3\r\n\r\n") == 415);
  CHECK(guard_status(p + "Content-Encoding: identity\r\nContent-Length: 3\r\n\r\n") == 0);
}
