#include "server/serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <thread>

namespace planwise::server {

int serve(const ServeOptions& options) {
  if (const Status s = check_bind(options.http); !s.ok()) {
    std::fprintf(stderr, "planwise: error: %s\n", s.error().to_string().c_str());
    return 2;
  }
  // Signals go to one thread that waits for them; every thread created
  // from here on inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<api::Service> service_holder;
  try {
    service_holder = std::make_unique<api::Service>(options.service);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "planwise: error: %s\n", e.what());
    return 4;
  }
  api::Service& service = *service_holder;
  HttpServer http(service, options.http);
  if (const Status s = http.bind(); !s.ok()) {
    std::fprintf(stderr, "planwise: error: %s\n", s.error().to_string().c_str());
    return 4;
  }
  std::thread watcher([&] {
    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(
        stderr,
        "planwise: %s received: stopping (running jobs are cancelled, nothing half-written)\n",
        received == SIGTERM ? "SIGTERM" : "SIGINT");
    http.stop();
  });
  std::printf("PlanWise Navigator dashboard: http://%s:%d/  (database %s; Ctrl-C stops)\n",
              options.http.host.c_str(), http.port(), options.service.db_path.c_str());
  std::fflush(stdout);
  http.run();
  // run() also returns if the listener failed; make sure the watcher ends.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  service.jobs().shutdown(true);
  std::fprintf(stderr, "planwise: server stopped\n");
  return 0;
}

}  // namespace planwise::server
