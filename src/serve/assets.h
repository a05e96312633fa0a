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

#endif
