# workerd's configuration for the example, in place of wrangler.toml (wrangler needs Node 22). The variables are read
# from the environment when workerd starts: `TENCENTCLOUD_SECRET_ID=… npm start`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The default outbound service reaches only public addresses; "local" lets the tests use a fake upstream on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [(name = "http", address = "localhost:8787", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "dist/worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "TENCENTCLOUD_SECRET_ID", fromEnvironment = "TENCENTCLOUD_SECRET_ID"),
    (name = "TENCENTCLOUD_SECRET_KEY", fromEnvironment = "TENCENTCLOUD_SECRET_KEY"),
    (name = "COS_BUCKET", fromEnvironment = "COS_BUCKET"),
    (name = "COS_REGION", fromEnvironment = "COS_REGION"),
    (name = "LIVENESS_BASE_URL", fromEnvironment = "LIVENESS_BASE_URL"),
  ],
  globalOutbound = "internet",
);
