# A stand-in OpenTelemetry collector for bench/signin-load.sh --variant "... OTEL_EXPORTER_OTLP_ENDPOINT={otlp}":
# on 127.0.0.1, any free port; reads every OTLP/HTTP export and answers 200 with an empty (valid) protobuf message.
# Keeps nothing but one line per export ("POST /v1/traces"), so the script can say that telemetry really went out.
# Prints OTLP_SINK_URL=... once listening.
import http.server


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        print("POST", self.path, flush=True)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
print(f"OTLP_SINK_URL=http://127.0.0.1:{server.server_port}", flush=True)
server.serve_forever()
