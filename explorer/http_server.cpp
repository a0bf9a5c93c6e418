// Routing and the connection loop of the explorer's HTTP server.
#include "explorer/http_server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>
#include <thread>

#include "explorer/idle_watchdog.hpp"
#include "explorer/static_files.hpp"

namespace explorer {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;

namespace {

// The page loads nothing from elsewhere: the browser is told so, too.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'";

// What every connection shares.
struct Context {
  const ServerConfig& config;
  Service& service;
  IdleWatchdog& watchdog;
};

template <class Body>
void common_headers(http::response<Body>& res) {
  res.set(http::field::server, "aidivide");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::cache_control, "no-store");
}

bool send(const Context& context, tcp::socket& socket, unsigned version, bool keep_alive,
          int status, const std::string& type, std::string body) {
  http::response<http::string_body> res{static_cast<http::status>(status), version};
  common_headers(res);
  res.set(http::field::content_type, type);
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  boost::beast::error_code ec;
  const Deadline deadline(context.watchdog, socket.native_handle(),
                          context.config.io_timeout_seconds);
  http::write(socket, res, ec);
  return !ec && keep_alive;
}

bool send_json(const Context& context, tcp::socket& socket, const Request& req, int status,
               std::string body) {
  return send(context, socket, req.version(), req.keep_alive(), status, "application/json",
              std::move(body));
}

// Streams a run's lines as chunks; a client that goes away cancels its job.
bool stream_job(const Context& context, tcp::socket& socket, const Request& req, Job& job) {
  const int fd = socket.native_handle();
  const int timeout = context.config.io_timeout_seconds;
  http::response<http::empty_body> res{http::status::ok, req.version()};
  common_headers(res);
  res.set(http::field::content_type, "application/x-ndjson");
  res.keep_alive(req.keep_alive());
  res.chunked(true);
  http::response_serializer<http::empty_body> head{res};
  boost::beast::error_code ec;
  {
    const Deadline deadline(context.watchdog, fd, timeout);
    http::write_header(socket, head, ec);
  }
  std::string line;
  while (!ec && job.next(line)) {
    line += '\n';
    const Deadline deadline(context.watchdog, fd, timeout);
    net::write(socket, http::make_chunk(net::buffer(line)), ec);
  }
  if (ec) {
    job.cancel();
    return false;
  }
  const Deadline deadline(context.watchdog, fd, timeout);
  net::write(socket, http::make_chunk_last(), ec);
  return !ec && req.keep_alive();
}

// A page elsewhere may point a name of its own at 127.0.0.1 (DNS rebinding) and read the answers:
// a server on the loopback address answers only requests addressed to the loopback by name.
bool host_allowed(const ServerConfig& config, const Request& req) {
  if (config.host != "127.0.0.1" && config.host != "::1") return true;
  std::string host(req[http::field::host]);
  if (!host.empty() && host.front() == '[') {
    // "[::1]:8080" keeps "[::1]"; a "[" without its "]" keeps nothing, and is refused.
    const std::size_t close = host.find(']');
    host.resize(close == std::string::npos ? 0 : close + 1);
  } else if (const std::size_t colon = host.find(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

bool handle(const Context& context, tcp::socket& socket, const Request& req) {
  Service& service = context.service;
  if (!host_allowed(context.config, req)) {
    return send_json(context, socket, req, 403,
                     error_json("", 0, 0, "", "not addressed to the loopback address",
                                std::string(req[http::field::host])));
  }
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path.rfind("/api/", 0) == 0) {
    const bool post = req.method() == http::verb::post;
    if (path == "/api/meta" && req.method() == http::verb::get) {
      return send_json(context, socket, req, 200, service.meta());
    }
    if (path == "/api/run" && post) {
      std::shared_ptr<Job> job;
      const Reply reply = service.run(req.body(), job);
      if (!job) return send_json(context, socket, req, reply.status, reply.body);
      return stream_job(context, socket, req, *job);
    }
    if (path == "/api/validate" && post) {
      const Reply reply = service.validate(req.body());
      return send_json(context, socket, req, reply.status, reply.body);
    }
    if (path == "/api/export" && post) {
      const Reply reply = service.export_yaml(req.body());
      return send_json(context, socket, req, reply.status, reply.body);
    }
    const bool known = path == "/api/meta" || path == "/api/run" || path == "/api/validate" ||
                       path == "/api/export";
    return send_json(context, socket, req, known ? 405 : 404,
                     error_json("", 0, 0, "", known ? "method not allowed" : "no such API", path));
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return send_json(context, socket, req, 405, error_json("", 0, 0, "", "method not allowed", ""));
  }
  if (auto file = read_static_file(context.config.web_dir, target)) {
    return send(context, socket, req.version(), req.keep_alive(), 200, file->content_type,
                std::move(file->body));
  }
  if (path == "/" || path == "/index.html") {
    return send(context, socket, req.version(), req.keep_alive(), 404, "text/plain",
                "the explorer page is not built in " + context.config.web_dir +
                    ": run scripts/setup (npm ci and node build.mjs in explorer/web)\n");
  }
  return send(context, socket, req.version(), req.keep_alive(), 404, "text/plain", "not found\n");
}

constexpr std::size_t kMaxRefusing = 16;

void refuse(const Context& context, tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(context.config.max_body_bytes);
  boost::beast::error_code ec;
  {
    const Deadline deadline(context.watchdog, socket.native_handle(), 2);
    http::read(socket, buffer, parser, ec);
  }
  send(context, socket, 11, false, 503, "application/json",
       error_json("", 0, 0, "", "too many connections", ""));
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

void connection(const Context& context, tcp::socket socket) {
  const ServerConfig& config = context.config;
  boost::beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(config.max_body_bytes);
    boost::beast::error_code ec;
    {
      // A client has this long to send its next request (an idle keep-alive connection too).
      const Deadline deadline(context.watchdog, socket.native_handle(), config.io_timeout_seconds);
      http::read(socket, buffer, parser, ec);
    }
    if (ec == http::error::body_limit) {
      send(context, socket, 11, false, 413, "application/json",
           error_json("request", 0, 0, "", "request body too large",
                      "over " + std::to_string(config.max_body_bytes) + " bytes"));
      break;
    }
    if (ec) break;
    if (!handle(context, socket, parser.get())) break;
  }
  boost::beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

void serve(const ServerConfig& config, Service& service,
           const std::function<void(unsigned short)>& listening) {
  net::io_context io;
  boost::system::error_code ec;
  const auto address = net::ip::make_address(config.host, ec);
  if (ec) throw std::runtime_error("not an IP address: " + config.host);
  tcp::acceptor acceptor(io);
  const tcp::endpoint endpoint{address, config.port};
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + config.host + ":" + std::to_string(config.port) +
                             ": " + ec.message());
  }
  acceptor.listen(net::socket_base::max_listen_connections);
  IdleWatchdog watchdog;
  const Context context{config, service, watchdog};
  listening(acceptor.local_endpoint().port());
  std::atomic<std::size_t> open{0}, refusing{0};
  for (;;) {
    tcp::socket socket(io);
    acceptor.accept(socket, ec);
    if (ec) continue;
    if (open.load() >= config.max_connections) {
      // A few refusals at a time are told why (after reading their request: closing a socket
      // with unread data resets it, and the client would see a broken pipe instead of the 503);
      // beyond those, the connection is closed at once.
      if (refusing.load() < kMaxRefusing) {
        ++refusing;
        std::thread([s = std::move(socket), &context, &refusing]() mutable {
          refuse(context, std::move(s));
          --refusing;
        }).detach();
      }
      continue;
    }
    ++open;
    std::thread([s = std::move(socket), &context, &open]() mutable {
      connection(context, std::move(s));
      --open;
    }).detach();
  }
}

}  // namespace explorer
