/* The console's static assets as the server sees them: a table of paths, types and
 * bytes. The table is generated at build time from the bundled web/ folder (see
 * web/CMakeLists.txt and web/embed.c); this header is all the two sides share. */
#ifndef MH_SERVE_ASSETS_H
#define MH_SERVE_ASSETS_H

typedef struct srv_asset {
    const char *path; /* "/index.html", "/app.js" ... */
    const char *type; /* the Content-Type */
    const unsigned char *data;
    unsigned long len;
} srv_asset;

/* The embedded assets; *n receives how many. */
const srv_asset *srv_assets(unsigned long *n);

#include <string.h>

/* The Content-Type of a console file by its extension: the one table for the embedded
 * assets (decided when they are embedded) and for files served from --web-root. */
static inline const char *srv_asset_type(const char *name)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".json", "application/json"},
        {".map", "application/json"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0) return types[i][1];
    return "application/octet-stream";
}

#endif
