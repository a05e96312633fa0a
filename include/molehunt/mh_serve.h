/* mh_serve: the analyst's console — an HTTP server (libmicrohttpd) with a JSON API under
 * /api/v1 and the console's static assets, compiled into the binary (or served from a
 * folder while developing). Every response names people by pseudonym; roles, sessions,
 * CSRF tokens and the audit trail come from mh_auth and mh_audit. With no accounts in the
 * store the server runs as a "local analyst" and refuses any address but loopback.
 * docs/api.md lists the endpoints; docs/console.md describes the pages.
 *
 * Ownership: the options are borrowed for the duration of mh_serve_run; everything the
 * server allocates is freed before it returns. */
#ifndef MH_SERVE_H
#define MH_SERVE_H

#include <signal.h>
#include <stdint.h>

#include "molehunt/mh_core.h"

typedef struct mh_serve_opts {
    const char *db_path;  /* the store (required) */
    const char *listen;   /* "HOST:PORT"; NULL: 127.0.0.1:8080 */
    const char *web_root; /* serve assets from this folder instead of the embedded copies; NULL: embedded */
    const char *inbox;    /* ingest jobs may read files under this folder only; NULL: ingest jobs refused */
    unsigned threads;     /* request threads (0: one per CPU, at most 16) */
    bool quiet;           /* no "listening on" line on stderr */
} mh_serve_opts;

/* A parsed listen address. */
typedef struct mh_serve_addr {
    char host[64]; /* numeric IPv4 or IPv6 address, or "localhost" */
    uint16_t port;
    bool loopback; /* 127.0.0.0/8, ::1 or localhost */
} mh_serve_addr;

/* Parses "HOST:PORT", "[V6]:PORT" or ":PORT" (loopback). MH_E_USAGE with a reason when
 * it is not such an address (host names other than localhost are refused). */
mh_status mh_serve_addr_parse(const char *spec, mh_serve_addr *out, mh_err *e);

/* Runs the server until *STOP becomes non-zero (checked every 200 ms). MH_E_DENIED when
 * asked to listen beyond loopback without accounts; MH_E_IO when the port cannot be bound. */
mh_status mh_serve_run(const mh_serve_opts *o, volatile sig_atomic_t *stop, mh_err *e);

#endif
