/* `molehunt match`: looks a name up in the loaded watch lists (or, with --compare, scores
 * two names against each other without any store), printing each score with the
 * features that explain it. The index is built from the store's watch lists on each
 * run; callers matching many names use mh_match directly and keep the index. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "molehunt/mh_json.h"
#include "molehunt/mh_match.h"
#include "molehunt/mh_store.h"

static const mh_cli_opt opts[] = {
    {"country", 0, "CC", "the person's country (ISO 3166-1 alpha-2): agreement raises, disagreement lowers", false},
    {"birth-date", 0, "DATE", "birth date or year (ISO 8601 prefix)", false},
    {"format", 0, "FMT", "table (default) or json", false},
    {"threshold", 0, "X", "show hits scoring at least X (default 0.50; 0.70 flags)", false},
    {"limit", 0, "N", "show at most N hits (default 10)", false},
    {"list", 0, "NAME", "search only watch list NAME (default: all)", false},
    {"compare", 0, NULL, "score NAME1 against NAME2 instead (no store needed)", false},
    {0},
};

typedef struct load_ctx {
    mh_match_index *ix;
    mh_err *e;
    size_t skipped;
    bool failed;
} load_ctx;

static int load_one(void *ctx, const mh_entity *ent)
{
    load_ctx *c = ctx;
    bool added;
    mh_err e;
    mh_err_clear(&e);
    mh_status rc = mh_match_index_add(c->ix, ent, &added, &e);
    if (rc == MH_E_INPUT) { /* one bad name does not stop the lookup */
        c->skipped++;
        return 0;
    }
    if (rc != MH_OK) {
        *c->e = e;
        c->failed = true;
        return 1;
    }
    return 0;
}

static void print_features_table(const mh_match_features *f)
{
    printf("  name %.3f", f->name);
    if (f->family >= 0) printf(", family name %.3f", f->family);
    if (f->order_swap) printf(", order swapped");
    if (f->merged) printf(", parts joined/split");
    if (f->initials) printf(", initials");
    if (f->nickname) printf(", nickname");
    if (f->acronym) printf(", acronym");
    if (f->transliterated) printf(", transliterated");
    const struct {
        const char *n;
        mh_match_qual q;
    } q[] = {{"original script", f->original}, {"birth date", f->birth_date}, {"country", f->country},
             {"gender", f->gender},           {"identifier", f->identifier}, {"schema", f->schema}};
    for (size_t i = 0; i < MH_ARRAY_LEN(q); i++)
        if (q[i].q != MH_MATCH_Q_UNKNOWN) printf(", %s %s", q[i].n, mh_match_qual_name(q[i].q));
    if (f->adjust != 0) printf(", qualifiers %+.2f", f->adjust);
    printf("\n");
}

static int run_compare(const char *a, const char *b, bool json)
{
    mh_err e;
    mh_err_clear(&e);
    mh_match_norm *n = NULL;
    mh_buf out;
    mh_buf_init(&out, 1 << 20);
    int rc = MH_EXIT_OK;
    double score;
    mh_match_features f;
    if (mh_match_norm_open(&n, &e) != MH_OK || mh_match_compare(n, a, b, &score, &f, &e) != MH_OK) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    if (json) {
        if (!mh_buf_printf(&out, "{\"score\":%.4f,\"flag\":%s,\"features\":", score, score >= MH_MATCH_FLAG ? "true" : "false") ||
            !mh_match_features_json(&f, &out) || !mh_buf_puts(&out, "}\n")) {
            rc = MH_EXIT_INTERNAL;
            goto out;
        }
        fputs(out.data, stdout);
    } else {
        printf("%.3f%s\n", score, score >= MH_MATCH_FLAG ? "  FLAG" : score >= MH_MATCH_SHOW ? "  (shown)" : "");
        print_features_table(&f);
    }
out:
    mh_buf_free(&out);
    mh_match_norm_close(n);
    return rc;
}

static bool put_json_str(mh_buf *b, const char *s) { return mh_json_write_str(b, s, strlen(s)); }

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *args)
{
    const char *fmt = mh_cli_get(cmd, args, "format");
    if (fmt && strcmp(fmt, "table") != 0 && strcmp(fmt, "json") != 0)
        return mh_cli_usage_error(cmd, "--format must be table or json, not '%s'", fmt);
    bool json = fmt && strcmp(fmt, "json") == 0;
    if (mh_cli_flag(cmd, args, "compare")) {
        if (args->npos != 2) return mh_cli_usage_error(cmd, "--compare needs two names");
        return run_compare(args->pos[0], args->pos[1], json);
    }
    if (args->npos != 1) return mh_cli_usage_error(cmd, "give one name (quote it), or --compare NAME1 NAME2");

    mh_match_opts o = {0};
    const char *v = mh_cli_get(cmd, args, "threshold");
    if (v) {
        char *end;
        o.threshold = strtod(v, &end);
        if (*end || end == v || !(o.threshold >= 0 && o.threshold <= 1))
            return mh_cli_usage_error(cmd, "--threshold must be a number in [0,1], not '%s'", v);
        if (o.threshold == 0) o.threshold = 1e-9;
    }
    if ((v = mh_cli_get(cmd, args, "limit"))) {
        char *end;
        long l = strtol(v, &end, 10);
        if (*end || end == v || l < 1 || l > 1000) return mh_cli_usage_error(cmd, "--limit must be 1..1000, not '%s'", v);
        o.limit = (size_t)l;
    }
    const char *country = mh_cli_get(cmd, args, "country");
    if (country && (strlen(country) != 2 || !((country[0] | 0x20) >= 'a' && (country[0] | 0x20) <= 'z') ||
                    !((country[1] | 0x20) >= 'a' && (country[1] | 0x20) <= 'z')))
        return mh_cli_usage_error(cmd, "--country takes a two-letter ISO code, not '%s'", country);
    const char *bd = mh_cli_get(cmd, args, "birth-date");
    mh_time lo, hi;
    if (bd && !mh_time_parse_iso(bd, strlen(bd), &lo, &hi, NULL))
        return mh_cli_usage_error(cmd, "--birth-date must be an ISO 8601 date or prefix, not '%s'", bd);

    mh_err e;
    mh_err_clear(&e);
    mh_store *st = NULL;
    mh_match_index *ix = NULL;
    mh_match_searcher *s = NULL;
    mh_buf out;
    mh_buf_init(&out, 16 << 20);
    int rc = MH_EXIT_OK;
    const char *path = strncmp(ctx->db_path, "sqlite:", 7) == 0 ? ctx->db_path + 7 : ctx->db_path;
    if (strstr(ctx->db_path, "://") == NULL && access(path, F_OK) != 0) {
        fprintf(stderr, "molehunt match: no store at %s, so no watch lists to match against; "
                        "load one with 'molehunt watchlist load FILE' (or use --compare)\n", path);
        rc = MH_EXIT_INPUT;
        goto out;
    }
    if (mh_store_open(ctx->db_path, &st, &e) != MH_OK) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    if (mh_match_index_new(&ix, &e) != MH_OK) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    load_ctx lc = {.ix = ix, .e = &e};
    const char *list = mh_cli_get(cmd, args, "list");
    if (mh_store_watchlist_each(st, list, load_one, &lc, &e) != MH_OK || lc.failed) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    if (lc.skipped) fprintf(stderr, "molehunt match: %zu watch-list entities skipped (names not valid UTF-8)\n", lc.skipped);
    if (mh_match_index_count(ix) == 0) {
        if (list)
            fprintf(stderr, "molehunt match: watch list '%s' is not in the store at %s (or holds no people or bodies)\n",
                    list, path);
        else
            fprintf(stderr, "molehunt match: the store at %s holds no watch lists (no people or bodies to match); "
                            "load one with 'molehunt watchlist load FILE'\n", path);
        rc = MH_EXIT_INPUT;
        goto out;
    }
    mh_match_hits h;
    if (mh_match_index_build(ix, &e) != MH_OK || mh_match_searcher_new(ix, &s, &e) != MH_OK ||
        mh_match_search_name(s, args->pos[0], country, bd, &o, &h, &e) != MH_OK) {
        rc = mh_cli_fail(&e);
        goto out;
    }
    if (json) {
        bool ok = mh_buf_puts(&out, "{\"query\":") && put_json_str(&out, args->pos[0]) &&
                  mh_buf_printf(&out, ",\"candidates\":%zu,\"hits\":[", mh_match_index_count(ix));
        for (size_t i = 0; ok && i < h.n; i++) {
            const mh_match_hit *x = &h.v[i];
            ok = (i == 0 || mh_buf_putc(&out, ',')) && mh_buf_puts(&out, "{\"id\":") && put_json_str(&out, x->entity_id) &&
                 mh_buf_puts(&out, ",\"schema\":") && put_json_str(&out, x->schema) && mh_buf_puts(&out, ",\"name\":") &&
                 put_json_str(&out, x->name) &&
                 mh_buf_printf(&out, ",\"score\":%.4f,\"flag\":%s,\"features\":", x->score,
                               x->score >= MH_MATCH_FLAG ? "true" : "false") &&
                 mh_match_features_json(&x->features, &out) && mh_buf_putc(&out, '}');
        }
        if (!ok || !mh_buf_puts(&out, "]}\n")) {
            rc = MH_EXIT_INTERNAL;
            goto out;
        }
        fputs(out.data, stdout);
    } else if (h.n == 0) {
        printf("no watch-list entry scores %.2f or more against \"%s\" (%zu entries searched)\n",
               o.threshold > 0 ? o.threshold : MH_MATCH_SHOW, args->pos[0], mh_match_index_count(ix));
    } else {
        printf("%-6s %-5s %-24s %-13s %s\n", "score", "flag", "id", "schema", "name");
        for (size_t i = 0; i < h.n; i++) {
            const mh_match_hit *x = &h.v[i];
            printf("%.3f  %-5s %-24s %-13s %s\n", x->score, x->score >= MH_MATCH_FLAG ? "FLAG" : "", x->entity_id,
                   x->schema, x->name);
            print_features_table(&x->features);
        }
    }
out:
    mh_buf_free(&out);
    mh_match_searcher_free(s);
    mh_match_index_free(ix);
    if (st) mh_store_close(st);
    return rc;
}

const mh_cli_cmd mh_cmd_match = {
    .name = "match",
    .run = run,
    .usage = "NAME [--country CC] [--birth-date DATE] | --compare NAME1 NAME2",
    .summary = "look a name up in the watch lists, in any script and spelling",
    .details = "Scores NAME against every person and body of the loaded watch lists (see 'molehunt watchlist\n"
               "load') and lists the best, each with the features behind its score: name similarity, parts\n"
               "swapped, joined or given as initials, nicknames, transliteration, and the birth date,\n"
               "country, gender and identifier checks. Scores are in [0,1]; 0.70 flags. With --compare, scores\n"
               "two names against each other and needs no store. docs/match.md explains the method.",
    .opts = opts,
    .min_pos = 1,
    .max_pos = 2,
};
