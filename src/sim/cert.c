/* The CERT insider-threat dataset layouts (cert-format.md), r4.2, r5.2 or r6.2: the five
 * activity CSVs row by row as the day loop emits events, and the static files —
 * psychometric.csv, the monthly LDAP snapshots (a leaver is absent from the next month's
 * file) and, from r5.2 on, decoy_file.csv. Answer rows for CERT incidents are copied from
 * the rows as written, with the event type first and, from r5.2 on, a tag before the
 * content. r5.2 brought file.csv's activity and removable-media flags, device.csv's
 * file_tree, LDAP projects and the decoys; r6 added http and e-mail activities and the
 * attachment lists, so an r5.2 http row cannot tell an upload from a visit. */
#include <string.h>

#include "sim_internal.h"

static bool open_csv(sim_world *w, sim_out *o, const char *name, const char *header, mh_err *e)
{
    char rel[64];
    snprintf(rel, sizeof rel, "cert/%s", name);
    if (!sim_out_open(o, w->out_dir, rel, e)) return false;
    sim_puts(o, header);
    sim_out_endline(o);
    o->lines = 0; /* count data rows only */
    return true;
}

mh_status sim_cert_open(sim_world *w, sim_writers *wr, mh_err *e)
{
    bool r5 = w->cfg.cert_layout != MH_SIM_CERT_R42, r6 = w->cfg.cert_layout == MH_SIM_CERT_R62;
    wr->layout = w->cfg.cert_layout;
    if (!open_csv(w, &wr->logon, "logon.csv", "id,date,user,pc,activity", e) ||
        !open_csv(w, &wr->device, "device.csv", r5 ? "id,date,user,pc,file_tree,activity" : "id,date,user,pc,activity", e) ||
        !open_csv(w, &wr->http, "http.csv", r6 ? "id,date,user,pc,url,activity,content" : "id,date,user,pc,url,content", e) ||
        !open_csv(w, &wr->email, "email.csv",
                  r6 ? "id,date,user,pc,to,cc,bcc,from,activity,size,attachments,content"
                     : "id,date,user,pc,to,cc,bcc,from,size,attachments,content",
                  e) ||
        !open_csv(w, &wr->file, "file.csv",
                  r5 ? "id,date,user,pc,filename,activity,to_removable_media,from_removable_media,content"
                     : "id,date,user,pc,filename,content",
                  e))
        return e->code ? e->code : MH_E_IO;
    return MH_OK;
}

static void addr_list(sim_out *o, const sim_mail *m, int from, int to)
{
    for (int k = from; k < to; k++) {
        if (k > from) sim_putc(o, ';');
        sim_puts(o, m->to[k]);
    }
}

static const char *const file_act[] = {"File Open", "File Write", "File Copy", "File Delete"};
static const char *const http_act[] = {"WWW Visit", "WWW Download", "WWW Upload"};
static const char *const hex_hdr[] = {"D0-CF-11-E0-A1-B1-1A-E1", "50-4B-03-04-14-00-06-00", "25-50-44-46-2D-31-2E-34",
                                      "FF-D8-FF-E0-00-10-4A-46", "4D-5A-90-00-03-00-00-00"};

bool sim_cert_event(sim_world *w, sim_writers *wr, const sim_ev *ev, const char *evid, mh_buf *answer, const char *tag)
{
    if (ev->host >= SIM_HOST_EXTRA) return false;
    bool r5 = wr->layout != MH_SIM_CERT_R42, r6 = wr->layout == MH_SIM_CERT_R62;
    sim_out *o;
    const char *type;
    switch (ev->kind) {
    case K_LOGON:
    case K_LOGOFF: o = &wr->logon, type = "logon"; break;
    case K_CONNECT:
    case K_DISCONNECT: o = &wr->device, type = "device"; break;
    case K_HTTP: o = &wr->http, type = "http"; break;
    case K_EMAIL: o = &wr->email, type = "email"; break;
    case K_FILE:
        if (!r5 && !(ev->flags & FF_TO_REM)) return false; /* r4.2 logs only copies to removable media */
        o = &wr->file, type = "file";
        break;
    default: return false;
    }
    char buf[256], hb[SIM_IDLEN];
    size_t mark = o->b.len, content = 0;
    sim_put(o, evid, 24);
    sim_putc(o, ',');
    sim_put_cert_date(o, ev->t);
    sim_putc(o, ',');
    sim_puts(o, w->people[ev->user].user);
    sim_putc(o, ',');
    sim_puts(o, sim_host_name(w, ev->host, hb));
    sim_putc(o, ',');
    switch (ev->kind) {
    case K_LOGON: SIM_LIT(o, "Logon"); break;
    case K_LOGOFF: SIM_LIT(o, "Logoff"); break;
    case K_CONNECT:
    case K_DISCONNECT:
        if (r5) {
            if (ev->kind == K_CONNECT) {
                SIM_LIT(o, "R:\\;R:\\");
                sim_put(o, sim_words[ev->rnd % sim_nwords].ptr, sim_words[ev->rnd % sim_nwords].len);
            }
            sim_putc(o, ',');
        }
        sim_puts(o, ev->kind == K_CONNECT ? "Connect" : "Disconnect");
        break;
    case K_HTTP:
        sim_url(buf, sizeof buf, ev->b, ev->rnd);
        sim_puts(o, buf);
        sim_putc(o, ',');
        if (r6) {
            sim_puts(o, http_act[ev->a % 3]);
            sim_putc(o, ',');
        }
        content = o->b.len;
        sim_content_words(o, ev->rnd >> 3, 6 + (int)(ev->rnd % 5), r6);
        break;
    case K_EMAIL: {
        sim_mail m;
        sim_mail_parts(w, ev, &m);
        addr_list(o, &m, 0, m.nto);
        sim_putc(o, ',');
        addr_list(o, &m, m.nto, m.nto + m.ncc);
        SIM_LIT(o, ",,");
        sim_puts(o, m.from);
        sim_putc(o, ',');
        if (r6) {
            sim_puts(o, ev->a == EA_SEND ? "Send," : "View,");
        }
        sim_put_u64(o, m.size);
        sim_putc(o, ',');
        if (r6) {
            for (int k = 0; k < m.attachments; k++) {
                sim_ev a = *ev;
                a.rnd = (uint32_t)sim_mix64(((uint64_t)ev->rnd << 8) + (uint64_t)k);
                a.flags = 0;
                sim_file_path(buf, sizeof buf, w, &a);
                if (k) sim_putc(o, ';');
                sim_puts(o, buf);
                sim_putc(o, '(');
                sim_put_u64(o, 10000 + (a.rnd >> 12) % 900000);
                sim_putc(o, ')');
            }
        } else {
            sim_put_u64(o, (uint64_t)m.attachments);
        }
        sim_putc(o, ',');
        content = o->b.len;
        sim_content_words(o, ev->rnd >> 5, 8 + (int)(ev->rnd % 7), r6);
        break;
    }
    case K_FILE:
        sim_file_path(buf, sizeof buf, w, ev);
        sim_put_csv(o, buf);
        sim_putc(o, ',');
        if (r5) {
            sim_puts(o, file_act[ev->a & 3]);
            sim_puts(o, ev->flags & FF_TO_REM ? ",True" : ",False");
            sim_puts(o, ev->flags & FF_FROM_REM ? ",True," : ",False,");
        }
        content = o->b.len;
        sim_puts(o, hex_hdr[(ev->flags & FF_EXE) ? 4 : ev->rnd % 4]);
        sim_putc(o, ' ');
        sim_content_words(o, ev->rnd >> 7, 5 + (int)(ev->rnd % 6), false);
        break;
    default: break;
    }
    if (answer) {
        size_t end = o->b.len;
        bool ok = mh_buf_puts(answer, type) && mh_buf_putc(answer, ',');
        if (r5 && tag && content) {
            ok = ok && mh_buf_append(answer, o->b.data + mark, content - mark) && mh_buf_puts(answer, tag) &&
                 mh_buf_putc(answer, ',') && mh_buf_append(answer, o->b.data + content, end - content);
        } else {
            ok = ok && mh_buf_append(answer, o->b.data + mark, end - mark);
        }
        if (!ok || !mh_buf_putc(answer, '\n')) w->oom = true;
    }
    sim_out_endline(o);
    return true;
}

static void ldap_month(sim_world *w, sim_out *o, int64_t m0, int64_t m1)
{
    bool r5 = w->cfg.cert_layout != MH_SIM_CERT_R42;
    sim_puts(o, r5 ? "employee_name,user_id,email,role,projects,business_unit,functional_unit,department,team,supervisor"
                   : "employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor");
    sim_out_endline(o);
    for (uint32_t i = 0; i < w->npeople; i++) {
        const sim_person *p = &w->people[i];
        if (p->start_day > m1 || p->end_day < m0) continue;
        const sim_unit *u = &sim_units[p->unit];
        sim_put_csv(o, p->name.full);
        sim_putc(o, ',');
        sim_puts(o, p->user);
        sim_putc(o, ',');
        sim_puts(o, p->email);
        sim_putc(o, ',');
        sim_put_csv(o, p->role);
        sim_putc(o, ',');
        if (r5) {
            SIM_LIT(o, "Project ");
            sim_put_u64(o, 1 + (sim_mix64(i) % 40));
            sim_putc(o, ',');
        }
        SIM_LIT(o, "1,");
        sim_puts(o, u->functional_unit);
        sim_putc(o, ',');
        sim_puts(o, u->department);
        sim_putc(o, ',');
        sim_put_u64(o, p->team + 1u);
        sim_putc(o, ',');
        if (p->supervisor >= 0) sim_put_csv(o, w->people[p->supervisor].name.full);
        sim_out_endline(o);
    }
}

mh_status sim_cert_static(sim_world *w, mh_err *e)
{
    sim_out o;
    if (!sim_out_open(&o, w->out_dir, "cert/psychometric.csv", e)) return e->code;
    SIM_LIT(&o, "employee_name,user_id,O,C,E,A,N");
    sim_out_endline(&o);
    for (uint32_t i = 0; i < w->npeople; i++) {
        const sim_person *p = &w->people[i];
        sim_put_csv(&o, p->name.full);
        sim_putc(&o, ',');
        sim_puts(&o, p->user);
        for (int k = 0; k < 5; k++) {
            sim_putc(&o, ',');
            sim_put_u64(&o, (uint64_t)(10 + p->big5[k] * 40 + 0.5f));
        }
        sim_out_endline(&o);
    }
    w->st->bytes += o.bytes + o.b.len;
    if (!sim_out_close(&o, e)) return e->code;

    int64_t y;
    unsigned m, d;
    mh_civil_from_days(w->day0, &y, &m, &d);
    for (;;) {
        int64_t m0 = mh_days_from_civil(y, m, 1), m1 = mh_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
        if (m0 > w->day1) break;
        char rel[48];
        snprintf(rel, sizeof rel, "cert/LDAP/%04lld-%02u.csv", (long long)y, m);
        if (!sim_out_open(&o, w->out_dir, rel, e)) return e->code;
        ldap_month(w, &o, MH_MAX(m0, w->day0), MH_MIN(m1, w->day1));
        w->st->bytes += o.bytes + o.b.len;
        if (!sim_out_close(&o, e)) return e->code;
        if (++m == 13) m = 1, y++;
    }

    if (w->cfg.cert_layout != MH_SIM_CERT_R42) {
        if (!sim_out_open(&o, w->out_dir, "cert/decoy_file.csv", e)) return e->code;
        SIM_LIT(&o, "decoy_filename,pc");
        sim_out_endline(&o);
        char buf[128], hb[SIM_IDLEN];
        for (uint32_t i = 0; i < w->npeople; i++) {
            uint32_t pc = w->people[i].pc;
            for (uint32_t k = 0; k < sim_decoy_count(pc); k++) {
                sim_decoy_name(buf, sizeof buf, pc, k);
                sim_puts(&o, buf);
                sim_putc(&o, ',');
                sim_puts(&o, sim_host_name(w, pc, hb));
                sim_out_endline(&o);
            }
        }
        w->st->bytes += o.bytes + o.b.len;
        if (!sim_out_close(&o, e)) return e->code;
    }
    return MH_OK;
}
