/** `ferrox --help`. */
export const USAGE = `Usage: ferrox [folder] [options]

Serve a folder over HTTP (default folder: the current one).

Options:
  --host HOST                  address to bind (default 127.0.0.1; 0.0.0.0 or :: exposes it to the network)
  --share                      share on the local network with an access token: binds all
                               interfaces (unless --host), prints the links and a QR code
  -p, --port N                 port to listen on (default 8080; 0 picks any free port)
  -o, --open                   open the served URL in a browser once listening (a page of this
                               server that reconnects within a second is taken there instead)
  --browser CMD                open with this browser (implies --open): chrome, firefox, edge,
                               chromium, brave, opera, safari, or a command, with arguments:
                               --browser "firefox --private-window"
  --no-listing                 answer 404 for folders without index.html instead of listing them
  --header "Name: value"       add a response header (repeatable)
  --cors                       allow cross-origin requests (Access-Control-Allow-Origin: *)
  --spa                        serve /index.html for unknown paths without a file extension
  --clean-urls                 serve /about from about.html, and redirect /about.html to /about
  --no-markdown                send Markdown files as text to browsers too (by default a
                               navigation to one shows it rendered; a fetch gets the text)
  --not-found-page FILE        page answered (with 404) for missing files, if it exists
                               (default 404.html; "" for the built-in page)
  --proxy /PREFIX=URL          forward requests under /PREFIX to a backend, WebSockets too,
                               joining URL's path to the rest: /api=http://127.0.0.1:3000/v1
                               sends /api/users to /v1/users (repeatable; longest prefix wins)
  --mount /PREFIX=DIR          serve another folder under /PREFIX, like the root (listings,
                               live reload, caching): --mount /vendor=../shared/vendor
                               (repeatable; longest prefix wins)
  --backend "CMD"              start a backend in the folder and serve the whole site from it
                               (PHP, Flask, Django, Express): {port} in CMD becomes a free port
                               it must listen on, on 127.0.0.1 alone (also $PORT, with
                               $HOST=127.0.0.1); live reload turns on, and its
                               pages are updated in place. Example: --backend "php -S 127.0.0.1:{port}"
  --backend-start-timeout-ms N how long the backend may take to listen (default 20000)
  --backend-url URL            serve the whole site from a backend you run, like --backend
  --static /PREFIX             with a backend: serve /PREFIX from the folder (repeatable)
  --watch DIR                  with live reload: a change in DIR (templates outside the folder)
                               updates backends' pages too (repeatable)
  --trust-proxy                a proxy you run stands in front: pass on the X-Forwarded-* and
                               Forwarded headers clients send (by default they are replaced)
  --no-compression             do not gzip/brotli-compress responses
  --https                      serve HTTPS with a certificate from your local CA (created on
                               first use in ~/.config/ferrox or $FERROX_HOME; trust its ca.pem)
  --tls-cert FILE              PEM certificate; with --tls-key serves HTTPS (wins over --https)
  --tls-key FILE               PEM private key
  --no-http2                   with TLS: HTTP/1.1 only (by default HTTP/2 and HTTP/1.1 share the port)
  --redirect-port N            with TLS: plain-HTTP port that redirects to HTTPS
  --keep-alive-timeout-ms N    idle keep-alive connection timeout
  --headers-timeout-ms N       time allowed to receive request headers (slowloris guard)
  --request-timeout-ms N       time allowed to receive a whole request (0 = none)
  --max-header-size N          largest accepted request header block in bytes (larger: 431)
  --allowed-hosts a,b          extra Host names to accept (*.example.test for subdomains)
  --live                       update browsers when files change: a page's own HTML is morphed
                               in place when that is safe, CSS is swapped, anything else reloads
  --no-html-in-place           with --live: reload pages on every HTML change instead of morphing
  --browser-console MODE       with --live: print pages' console on stderr: errors (errors and
                               warnings, the default), all, or off
  --isolate [MODE]             cross-origin isolation (SharedArrayBuffer, WebAssembly threads):
                               COOP same-origin and COEP MODE, require-corp (the default) or
                               credentialless
  --sync                       synced browsing (implies --live): pages that join mirror each
                               other's scroll, clicks, form input and navigation
  --error-overlay MODE         with --live: show pages' runtime errors in a small badge: always
                               (the default), shared (only while shared, for phones), or never
  --live-debounce-ms N         wait for changes to pause this long before reloading (default 40)
  --live-ignore GLOB           do not reload for changes matching GLOB (repeatable; node_modules
                               and hidden folders are always ignored, and never watched)
  --poll [MS]                  with --live: find changes by polling every MS ms (default 500)
                               instead of file events; on by itself where events never come
                               (WSL's /mnt/c, NFS, SMB, FUSE, VM shared folders)
  --no-poll                    with --live: rely on file events even there
  --workers N                  serve with N processes sharing the port (node:cluster); a
                               worker that dies is replaced (default 1)
  --log-format FORMAT          access log lines: dev (short and coloured; the default on a
                               terminal) or combined (Combined Log Format; the default otherwise)
  --quiet                      print neither the access log nor pages' console messages
                               (a backend's own output is still shown)
  -v, --version                print the version
  -h, --help                   show this help

Colour: on a terminal only; NO_COLOR turns it off, FORCE_COLOR on.

Exit codes: 0 after a clean shutdown (Ctrl+C or SIGTERM: in-flight responses get up to 3 s),
1 if the server cannot start, 2 for bad options or a missing folder, 130 (143 for SIGTERM)
when a second Ctrl+C (or SIGTERM) ends a shutdown at once.`;
