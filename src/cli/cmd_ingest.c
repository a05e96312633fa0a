/* molehunt ingest: load FtM entity lines and ECS events into the store. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "molehunt/mh_cert.h"
#include "molehunt/mh_ingest.h"

static const mh_cli_opt opts[] = {
    {"format", 0, "ftm|ecs", "force the format of every line (default: detected per line)", false},
    {"batch", 0, "N", "lines per transaction (default 20000)", false},
    {"progress", 0, NULL, "print a line to stderr after each committed batch", false},
    {"channel", 0, "NAME", "mark the source as a protected channel (e.g. whistleblower): never scored", false},
    {"quiet", 'q', NULL, "print nothing but errors", false},
    {"cert", 0, "DIR", "import a CERT Insider Threat dataset release directory (docs/cert.md)", false},
    {"release", 0, "r4.2|r5.2|r6.2", "with --cert: the release its files must match (default: read from the headers)", false},
    {0},
};

/* --cert DIR: the CERT dataset importer (src/cert). */
static int run_cert(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a, const char *dir)
{
    mh_cert_opts o = {.release = MH_CERT_AUTO};
    const char *rel = mh_cli_get(cmd, a, "release");
    if (rel && !mh_cert_release_parse(rel, &o.release)) return mh_cli_usage_error(cmd, "--release must be r4.2, r5.2 or r6.2");
    if (a->npos) return mh_cli_usage_error(cmd, "--cert DIR takes no other files");
    bool quiet = mh_cli_flag(cmd, a, "quiet");
    if (mh_cli_flag(cmd, a, "progress")) o.progress = stderr;
    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    mh_cert_counts c = {0};
    int rc = mh_cert_ingest(s, dir, &o, &c, &e) ? mh_cli_fail(&e) : MH_EXIT_OK;
    mh_store_close(s);
    if (rc != MH_EXIT_OK) return rc;
    if (!quiet)
        printf("%s (CERT %s): read %lld = stored %lld + unchanged %lld + LDAP %lld + quarantined %lld; "
               "%lld people (%lld left), %lld entities, %lld decoy files\n",
               dir, mh_cert_release_name(c.release), (long long)c.read, (long long)c.stored, (long long)c.unchanged,
               (long long)c.folded, (long long)c.quarantined, (long long)c.people, (long long)c.leavers,
               (long long)c.entities, (long long)c.decoys);
    if (c.quarantined) {
        fprintf(stderr, "molehunt: %lld row(s) quarantined; 'molehunt quarantine' lists them with reasons\n",
                (long long)c.quarantined);
        return MH_EXIT_FINDINGS;
    }
    return MH_EXIT_OK;
}

static void print_counts(const char *what, const mh_ingest_counts *c)
{
    printf("%s: read %lld = stored %lld + merged %lld + quarantined %lld", what, (long long)c->read,
           (long long)c->stored, (long long)c->merged, (long long)c->quarantined);
    if (c->parked) printf(" + waiting %lld", (long long)c->parked);
    if (c->unchanged) printf("  (%lld merged lines added nothing new)", (long long)c->unchanged);
    if (c->blank) printf("  (%lld blank lines skipped)", (long long)c->blank);
    printf("\n");
}

static int run(mh_cli_ctx *ctx, const mh_cli_cmd *cmd, mh_cli_args *a)
{
    const char *cert = mh_cli_get(cmd, a, "cert");
    if (cert) return run_cert(ctx, cmd, a, cert);
    if (a->npos < 1) return mh_cli_usage_error(cmd, "no FILE given (or --cert DIR)");
    mh_ingest_opts o = {.format = MH_FMT_AUTO};
    const char *fmt = mh_cli_get(cmd, a, "format");
    if (fmt) {
        if (strcmp(fmt, "ftm") == 0) o.format = MH_FMT_FTM;
        else if (strcmp(fmt, "ecs") == 0) o.format = MH_FMT_ECS;
        else return mh_cli_usage_error(cmd, "--format must be ftm or ecs, not '%s'", fmt);
    }
    const char *batch = mh_cli_get(cmd, a, "batch");
    if (batch) {
        char *end;
        long long b = strtoll(batch, &end, 10);
        if (*end || b < 1 || b > 10000000) return mh_cli_usage_error(cmd, "--batch must be a number from 1 to 10000000");
        o.batch = (size_t)b;
    }
    if (mh_cli_flag(cmd, a, "progress")) o.progress = stderr;
    o.channel = mh_cli_get(cmd, a, "channel");
    bool quiet = mh_cli_flag(cmd, a, "quiet");
    /* Large loads drop and rebuild the secondary indexes (see mh_store_bulk_begin). */
    long long total_size = 0;
    for (int i = 0; i < a->npos; i++) {
        struct stat st;
        if (strcmp(a->pos[i], "-") != 0 && stat(a->pos[i], &st) == 0) total_size += st.st_size;
    }
    o.bulk = total_size >= (64LL << 20);

    mh_err e;
    mh_err_clear(&e);
    mh_store *s;
    if (mh_store_open(ctx->db_path, &s, &e)) return mh_cli_fail(&e);
    mh_ingest *ing = mh_ingest_new(s, &o);
    mh_ingest_counts total = {0};
    int rc = MH_EXIT_OK;
    for (int i = 0; i < a->npos && ing; i++) {
        mh_ingest_counts c = {0};
        mh_err_clear(&e);
        if (mh_ingest_file(ing, a->pos[i], &c, &e)) {
            rc = mh_cli_fail(&e);
        }
        total.read += c.read; total.stored += c.stored; total.merged += c.merged; total.unchanged += c.unchanged;
        total.quarantined += c.quarantined; total.parked += c.parked; total.blank += c.blank;
        if (!quiet) print_counts(a->pos[i], &c);
        if (rc != MH_EXIT_OK) break;
    }
    if (ing && rc == MH_EXIT_OK && total.parked) {
        int64_t q0 = total.quarantined, p0 = total.parked;
        if (mh_ingest_finish(ing, &total, &e)) rc = mh_cli_fail(&e);
        else if (!quiet)
            printf("references: %lld waiting lines resolved, %lld quarantined for unknown entities\n",
                   (long long)(p0 - total.parked - (total.quarantined - q0)), (long long)(total.quarantined - q0));
    }
    if (!ing) rc = MH_EXIT_INTERNAL;
    if (!quiet && a->npos > 1) print_counts("total", &total);
    if (rc == MH_EXIT_OK && total.quarantined) {
        fprintf(stderr, "molehunt: %lld line(s) quarantined; 'molehunt quarantine' lists them with reasons\n",
                (long long)total.quarantined);
        rc = MH_EXIT_FINDINGS;
    }
    mh_ingest_free(ing);
    mh_store_close(s);
    return rc;
}

const mh_cli_cmd mh_cmd_ingest = {
    "ingest", run, "[options] FILE... | --cert DIR [--release R]",
    "load FtM entity lines and ECS events (files, - for stdin, gzip) into the store",
    "Each line is detected as FtM (it has \"schema\") or ECS (it has \"@timestamp\"). Bad lines are\n"
    "quarantined with their reason, file and line; the rest loads. Loading the same file again\n"
    "changes nothing. Exit status 1 when any line was quarantined.\n"
    "--cert DIR imports a CERT Insider Threat dataset release as distributed (docs/cert.md).",
    opts, 0, -1,
};
