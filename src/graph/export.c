/* Exports for graph tools: GraphML (yEd, Gephi, NetworkX), GEXF (Gephi) and
 * Cytoscape.js JSON (elements with data). Nodes carry their schema, name and whether
 * they are covered; ties carry their relationship and validity dates; interactions one
 * edge per sender and receiver with their date. `--around ID --depth N` keeps only what
 * lies within N hops of ID over ties and interactions. */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

#include "molehunt/mh_json.h"

bool mh_graph_format_parse(const char *name, mh_graph_format *out)
{
    static const struct {
        const char *name;
        mh_graph_format f;
    } t[] = {{"graphml", MH_GRAPH_GRAPHML}, {"gexf", MH_GRAPH_GEXF}, {"cytoscape-json", MH_GRAPH_CYJS}};
    for (size_t i = 0; i < MH_ARRAY_LEN(t); i++)
        if (strcmp(t[i].name, name) == 0) return *out = t[i].f, true;
    return false;
}

/* One edge to write: a tie, or one sender-receiver pair of an event. */
typedef struct xedge {
    const char *key, *id, *schema, *label;
    uint32_t from, to;
    mh_time lo, hi; /* G_TMIN/G_TMAX: open */
    bool dated;     /* an interaction: lo is its date */
} xedge;

static void xml_esc(mh_buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': mh_buf_puts(b, "&amp;"); break;
        case '<': mh_buf_puts(b, "&lt;"); break;
        case '>': mh_buf_puts(b, "&gt;"); break;
        case '"': mh_buf_puts(b, "&quot;"); break;
        case '\'': mh_buf_puts(b, "&apos;"); break;
        default: mh_buf_putc(b, c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : (char)c);
        }
    }
}

static const char *date_or_null(mh_time t, char *out, size_t n)
{
    if (t == G_TMIN || t == G_TMAX) return NULL;
    mh_time_format_date(t, out, n);
    return out;
}

static void node_out(const mh_graph *g, mh_graph_format fmt, mh_buf *b, uint32_t v, bool *first)
{
    const gnode *nd = &g->nodes[v];
    const char *id = g->ids.keys[v], *label = nd->name ? nd->name : id, *schema = nd->schema ? nd->schema : "";
    bool cov = nd->flags & GN_COVERED;
    if (fmt == MH_GRAPH_GRAPHML) {
        mh_buf_puts(b, "    <node id=\"");
        xml_esc(b, id);
        mh_buf_puts(b, "\"><data key=\"label\">");
        xml_esc(b, label);
        mh_buf_puts(b, "</data><data key=\"schema\">");
        xml_esc(b, schema);
        mh_buf_printf(b, "</data><data key=\"covered\">%s</data></node>\n", cov ? "true" : "false");
    } else if (fmt == MH_GRAPH_GEXF) {
        mh_buf_puts(b, "      <node id=\"");
        xml_esc(b, id);
        mh_buf_puts(b, "\" label=\"");
        xml_esc(b, label);
        mh_buf_puts(b, "\"><attvalues><attvalue for=\"schema\" value=\"");
        xml_esc(b, schema);
        mh_buf_printf(b, "\"/><attvalue for=\"covered\" value=\"%s\"/></attvalues></node>\n", cov ? "true" : "false");
    } else {
        mh_buf_puts(b, *first ? "\n    " : ",\n    ");
        mh_buf_puts(b, "{\"data\":{\"id\":");
        mh_json_write_str(b, id, strlen(id));
        mh_buf_puts(b, ",\"label\":");
        mh_json_write_str(b, label, strlen(label));
        mh_buf_puts(b, ",\"schema\":");
        mh_json_write_str(b, schema, strlen(schema));
        mh_buf_printf(b, ",\"covered\":%s}}", cov ? "true" : "false");
    }
    *first = false;
}

static void edge_out(const mh_graph *g, mh_graph_format fmt, mh_buf *b, const xedge *x, bool *first)
{
    char d1[16], d2[16];
    const char *start = date_or_null(x->lo, d1, sizeof d1), *end = x->dated ? start : date_or_null(x->hi, d2, sizeof d2);
    const char *src = g->ids.keys[x->from], *dst = g->ids.keys[x->to];
    if (fmt == MH_GRAPH_GRAPHML || fmt == MH_GRAPH_GEXF) {
        bool gml = fmt == MH_GRAPH_GRAPHML;
        mh_buf_puts(b, gml ? "    <edge id=\"" : "      <edge id=\"");
        xml_esc(b, x->key);
        mh_buf_puts(b, "\" source=\"");
        xml_esc(b, src);
        mh_buf_puts(b, "\" target=\"");
        xml_esc(b, dst);
        if (gml) {
            mh_buf_puts(b, "\"><data key=\"relationship\">");
            xml_esc(b, x->label);
            mh_buf_puts(b, "</data><data key=\"schema\">");
            xml_esc(b, x->schema);
            mh_buf_puts(b, "</data><data key=\"record\">");
            xml_esc(b, x->id);
            mh_buf_puts(b, "</data>");
            if (start) mh_buf_printf(b, "<data key=\"start\">%s</data>", start);
            if (end) mh_buf_printf(b, "<data key=\"end\">%s</data>", end);
            mh_buf_puts(b, "</edge>\n");
        } else {
            mh_buf_puts(b, "\" label=\"");
            xml_esc(b, x->label);
            if (start) mh_buf_printf(b, "\" start=\"%s", start);
            if (end) mh_buf_printf(b, "\" end=\"%s", end);
            mh_buf_puts(b, "\"><attvalues><attvalue for=\"schema\" value=\"");
            xml_esc(b, x->schema);
            mh_buf_puts(b, "\"/><attvalue for=\"record\" value=\"");
            xml_esc(b, x->id);
            mh_buf_puts(b, "\"/></attvalues></edge>\n");
        }
    } else {
        mh_buf_puts(b, *first ? "\n    " : ",\n    ");
        mh_buf_puts(b, "{\"data\":{\"id\":");
        mh_json_write_str(b, x->key, strlen(x->key));
        mh_buf_puts(b, ",\"source\":");
        mh_json_write_str(b, src, strlen(src));
        mh_buf_puts(b, ",\"target\":");
        mh_json_write_str(b, dst, strlen(dst));
        mh_buf_puts(b, ",\"label\":");
        mh_json_write_str(b, x->label, strlen(x->label));
        mh_buf_puts(b, ",\"schema\":");
        mh_json_write_str(b, x->schema, strlen(x->schema));
        mh_buf_puts(b, ",\"record\":");
        mh_json_write_str(b, x->id, strlen(x->id));
        if (start) mh_buf_printf(b, ",\"start\":\"%s\"", start);
        if (end) mh_buf_printf(b, ",\"end\":\"%s\"", end);
        mh_buf_puts(b, "}}");
    }
    *first = false;
}

/* Marks the nodes within DEPTH hops of ROOT over ties and interactions. */
static mh_status mark_around(mh_graph *g, uint32_t root, int depth, uint8_t *keep, mh_err *e)
{
    size_t n = g_nnodes(g);
    uint32_t *queue = malloc((n ? n : 1) * sizeof *queue), *dist = malloc((n ? n : 1) * sizeof *dist);
    if (!queue || !dist) {
        free(queue);
        free(dist);
        return mh_err_set(e, MH_E_NOMEM, "graph: out of memory selecting the export");
    }
    size_t qn = 0;
    queue[qn++] = root;
    keep[root] = 1;
    dist[root] = 0;
    for (size_t qi = 0; qi < qn; qi++) {
        uint32_t v = queue[qi];
        if ((int)dist[v] >= depth) continue;
        for (uint32_t k = g->adj_off[v]; k < g->adj_off[v + 1]; k++) {
            uint32_t u = g_tie_other(&g->ties[g->adj[k] >> 1], v);
            if (!keep[u]) keep[u] = 1, dist[u] = dist[v] + 1, queue[qn++] = u;
        }
        for (uint32_t k = g->eadj_off[v]; k < g->eadj_off[v + 1]; k++) {
            const gevent *ev = &g->events[g->eadj[k] >> 1];
            for (size_t j = 0; j < (size_t)ev->nfrom + ev->nto; j++) {
                uint32_t u = ev->parts[j];
                if (!keep[u]) keep[u] = 1, dist[u] = dist[v] + 1, queue[qn++] = u;
            }
        }
    }
    free(queue);
    free(dist);
    return MH_OK;
}

static bool drain(mh_buf *b, FILE *f)
{
    bool ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
    mh_buf_reset(b);
    return ok;
}

/* The edges among the kept nodes, found through each kept node's adjacency: a tie from
 * its a end, an interaction from each of its senders. */
static bool around_edges(mh_graph *g, mh_graph_format fmt, mh_buf *b, const uint8_t *keep, FILE *f, bool *first)
{
    bool ok = true;
    char key[64];
    size_t n = g_nnodes(g);
    for (uint32_t v = 0; ok && v < n; v++) {
        if (!keep[v]) continue;
        for (uint32_t k = g->adj_off[v]; ok && k < g->adj_off[v + 1]; k++) {
            size_t i = g->adj[k] >> 1;
            const gtie *t = &g->ties[i];
            if (t->a != v || !keep[t->b]) continue;
            snprintf(key, sizeof key, "t%zu", i);
            xedge x = {key, t->id, t->schema, t->ab, t->a, t->b, t->lo, t->hi, false};
            edge_out(g, fmt, b, &x, first);
            if (b->len > (1 << 16)) ok = drain(b, f);
        }
        for (uint32_t k = g->eadj_off[v]; ok && k < g->eadj_off[v + 1]; k++) {
            if (g->eadj[k] & 1) continue; /* v receives: written from the sender's side */
            size_t i = g->eadj[k] >> 1;
            const gevent *ev = &g->events[i];
            const grole *r = g_role_at(ev->role);
            if (r->flags & GR_TIE) continue;
            for (size_t s = 0; ok && s < ev->nfrom; s++) {
                if (ev->parts[s] != v) continue;
                for (size_t c = 0; ok && c < ev->nto; c++) {
                    uint32_t to = ev->parts[ev->nfrom + c];
                    if (!keep[to] || to == v) continue;
                    snprintf(key, sizeof key, "e%zu.%zu.%zu", i, s, c);
                    xedge x = {key, ev->id, r->schema, r->category, v, to, ev->ts, ev->ts, true};
                    edge_out(g, fmt, b, &x, first);
                    if (b->len > (1 << 16)) ok = drain(b, f);
                }
            }
        }
    }
    return ok;
}

mh_status mh_graph_export(mh_graph *g, mh_graph_format fmt, const char *around, int depth, FILE *f, mh_err *e)
{
    if (!g->finished) return mh_err_set(e, MH_E_USAGE, "graph: export asked before mh_graph_finish");
    mh_status st = g_event_adj(g, e);
    if (st) return st;
    size_t n = g_nnodes(g);
    uint8_t *keep = calloc(n ? n : 1, 1);
    if (!keep) return mh_err_set(e, MH_E_NOMEM, "graph: out of memory exporting");
    if (around) {
        uint32_t root = gi_find(&g->ids, around, strlen(around));
        if (root == G_NONE) {
            free(keep);
            return mh_err_set(e, MH_E_NOTFOUND, "no entity '%s' in the records", around);
        }
        if ((st = mark_around(g, root, depth, keep, e))) {
            free(keep);
            return st;
        }
    } else {
        memset(keep, 1, n);
    }
    mh_buf b;
    mh_buf_init(&b, 0);
    bool ok = true, first = true;
    if (fmt == MH_GRAPH_GRAPHML)
        mh_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
                        "  <key id=\"schema\" for=\"all\" attr.name=\"schema\" attr.type=\"string\"/>\n"
                        "  <key id=\"covered\" for=\"node\" attr.name=\"covered\" attr.type=\"boolean\"/>\n"
                        "  <key id=\"relationship\" for=\"edge\" attr.name=\"relationship\" attr.type=\"string\"/>\n"
                        "  <key id=\"record\" for=\"edge\" attr.name=\"record\" attr.type=\"string\"/>\n"
                        "  <key id=\"start\" for=\"edge\" attr.name=\"start\" attr.type=\"string\"/>\n"
                        "  <key id=\"end\" for=\"edge\" attr.name=\"end\" attr.type=\"string\"/>\n"
                        "  <graph id=\"molehunt\" edgedefault=\"directed\">\n");
    else if (fmt == MH_GRAPH_GEXF)
        mh_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
                        "  <graph defaultedgetype=\"directed\" mode=\"static\" timeformat=\"date\">\n"
                        "    <attributes class=\"node\">\n"
                        "      <attribute id=\"schema\" title=\"schema\" type=\"string\"/>\n"
                        "      <attribute id=\"covered\" title=\"covered\" type=\"boolean\"/>\n"
                        "    </attributes>\n"
                        "    <attributes class=\"edge\">\n"
                        "      <attribute id=\"schema\" title=\"schema\" type=\"string\"/>\n"
                        "      <attribute id=\"record\" title=\"record\" type=\"string\"/>\n"
                        "    </attributes>\n"
                        "    <nodes>\n");
    else
        mh_buf_puts(&b, "{\"elements\":{\"nodes\":[");
    for (uint32_t v = 0; ok && v < n; v++) {
        if (!keep[v]) continue;
        node_out(g, fmt, &b, v, &first);
        if (b.len > (1 << 16)) ok = drain(&b, f);
    }
    if (fmt == MH_GRAPH_GEXF) mh_buf_puts(&b, "    </nodes>\n    <edges>\n");
    else if (fmt == MH_GRAPH_CYJS) mh_buf_puts(&b, "\n  ],\"edges\":[");
    first = true;
    char key[64];
    if (around) {
        /* Around one entity: walk only the kept nodes' own ties and events, so that a
         * small neighbourhood costs its size, not the whole graph's. */
        ok = ok && around_edges(g, fmt, &b, keep, f, &first);
        goto close;
    }
    for (size_t i = 0; ok && i < g->nties; i++) {
        const gtie *t = &g->ties[i];
        if (!keep[t->a] || !keep[t->b]) continue;
        snprintf(key, sizeof key, "t%zu", i);
        xedge x = {key, t->id, t->schema, t->ab, t->a, t->b, t->lo, t->hi, false};
        edge_out(g, fmt, &b, &x, &first);
        if (b.len > (1 << 16)) ok = drain(&b, f);
    }
    for (size_t i = 0; ok && i < g->nevents; i++) {
        const gevent *ev = &g->events[g->order[i]];
        const grole *r = g_role_at(ev->role);
        if (r->flags & GR_TIE) continue; /* written above as a tie */
        for (size_t s = 0; ok && s < ev->nfrom; s++) {
            for (size_t k = 0; ok && k < ev->nto; k++) {
                uint32_t a = ev->parts[s], c = ev->parts[ev->nfrom + k];
                if (!keep[a] || !keep[c] || a == c) continue;
                snprintf(key, sizeof key, "e%zu.%zu.%zu", i, s, k);
                xedge x = {key, ev->id, r->schema, r->category, a, c, ev->ts, ev->ts, true};
                edge_out(g, fmt, &b, &x, &first);
                if (b.len > (1 << 16)) ok = drain(&b, f);
            }
        }
    }
close:
    if (fmt == MH_GRAPH_GRAPHML) mh_buf_puts(&b, "  </graph>\n</graphml>\n");
    else if (fmt == MH_GRAPH_GEXF) mh_buf_puts(&b, "    </edges>\n  </graph>\n</gexf>\n");
    else mh_buf_puts(&b, "\n  ]}}\n");
    ok = ok && drain(&b, f) && fflush(f) == 0;
    mh_buf_free(&b);
    free(keep);
    return ok ? MH_OK : mh_err_set(e, MH_E_IO, "graph: could not write the export");
}
