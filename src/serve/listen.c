/* The listen address: parsing "HOST:PORT" and deciding whether it is loopback, which is
 * all the server accepts while the store has no accounts. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "serve_int.h"

mh_status mh_serve_addr_parse(const char *spec, mh_serve_addr *out, mh_err *e)
{
    memset(out, 0, sizeof *out);
    if (!spec || !*spec) return mh_err_set(e, MH_E_USAGE, "empty listen address (want HOST:PORT, e.g. 127.0.0.1:8080)");
    const char *colon, *host = spec;
    size_t hlen;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':')
            return mh_err_set(e, MH_E_USAGE, "listen address '%s': an IPv6 address is written [ADDR]:PORT", spec);
        host = spec + 1, hlen = (size_t)(close - host), colon = close + 1;
    } else {
        colon = strrchr(spec, ':');
        if (!colon) return mh_err_set(e, MH_E_USAGE, "listen address '%s' has no port (want HOST:PORT, e.g. 127.0.0.1:8080)", spec);
        hlen = (size_t)(colon - spec);
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 1 || port > 65535)
        return mh_err_set(e, MH_E_USAGE, "listen address '%s': the port must be a number from 1 to 65535", spec);
    if (hlen >= sizeof out->host) return mh_err_set(e, MH_E_USAGE, "listen address '%s': host too long", spec);
    if (hlen == 0) memcpy(out->host, "127.0.0.1", 10);
    else memcpy(out->host, host, hlen), out->host[hlen] = 0;
    out->port = (uint16_t)port;
    struct in_addr a4;
    struct in6_addr a6;
    if (strcmp(out->host, "localhost") == 0) out->loopback = true;
    else if (inet_pton(AF_INET, out->host, &a4) == 1) out->loopback = (ntohl(a4.s_addr) >> 24) == 127;
    else if (inet_pton(AF_INET6, out->host, &a6) == 1) out->loopback = IN6_IS_ADDR_LOOPBACK(&a6);
    else
        return mh_err_set(e, MH_E_USAGE, "listen address '%s': give a numeric IPv4 or IPv6 address or localhost", spec);
    return MH_OK;
}
