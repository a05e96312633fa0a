/* What an activity event says beyond its kind — URLs, file paths, mail recipients,
 * keyword content, host names — derived only from the event's own random word, so that
 * the ECS line and the CERT row of one event always agree and nothing is stored per
 * event. */
#include <string.h>

#include "sim_internal.h"

static inline uint32_t step(uint32_t *x)
{
    *x = *x * 1664525u + 1013904223u;
    return *x >> 8;
}

static size_t cat(char *out, size_t n, size_t at, const char *s)
{
    size_t l = strlen(s);
    if (at + l >= n) l = at < n ? n - at - 1 : 0;
    memcpy(out + at, s, l);
    out[at + l] = '\0';
    return at + l;
}

static size_t cat_u(char *out, size_t n, size_t at, uint32_t v)
{
    char tmp[12];
    int i = 12;
    tmp[--i] = '\0';
    do tmp[--i] = (char)('0' + v % 10);
    while ((v /= 10) && i > 0);
    return cat(out, n, at, tmp + i);
}

void sim_content_words(sim_out *o, uint32_t rnd, int n, bool sentence)
{
    uint32_t x = rnd | 1;
    for (int k = 0; k < n; k++) {
        mh_str wd = sim_words[step(&x) % sim_nwords];
        if (k) sim_putc(o, ' ');
        if (sentence && k == 0) {
            sim_putc(o, (char)(wd.ptr[0] - 32));
            sim_put(o, wd.ptr + 1, wd.len - 1);
        } else {
            sim_put(o, wd.ptr, wd.len);
        }
    }
    if (sentence) sim_putc(o, '.');
}

size_t sim_url(char *out, size_t n, uint32_t site, uint32_t rnd)
{
    uint32_t x = rnd | 1;
    size_t at = cat(out, n, 0, "http://");
    if (site >= SITE_BENIGN0 && (rnd & 3) == 0) at = cat(out, n, at, "www.");
    at = cat(out, n, at, sim_sites[site % sim_nsites]);
    at = cat(out, n, at, "/");
    at = cat(out, n, at, sim_words[step(&x) % sim_nwords].ptr);
    at = cat(out, n, at, "/");
    at = cat(out, n, at, sim_words[step(&x) % sim_nwords].ptr);
    return cat_u(out, n, at, step(&x) % 1000);
}

uint32_t sim_decoy_count(uint32_t pc) { return 1 + (uint32_t)(sim_mix64(pc + 77) % 3); }

size_t sim_decoy_name(char *out, size_t n, uint32_t pc, uint32_t k)
{
    static const char *const names[] = {"salaries", "passwords", "clearance_list", "source_contacts", "budget_secret"};
    uint64_t h = sim_mix64(((uint64_t)pc << 8) + k);
    size_t at = cat(out, n, 0, "C:\\");
    at = cat(out, n, at, names[h % MH_ARRAY_LEN(names)]);
    at = cat(out, n, at, "_");
    at = cat_u(out, n, at, (uint32_t)(h >> 32) % 10000);
    return cat(out, n, at, (h >> 20) & 1 ? ".xlsx" : ".docx");
}

size_t sim_file_path(char *out, size_t n, const sim_world *w, const sim_ev *ev)
{
    static const char *const ext[] = {".doc", ".docx", ".pdf", ".xls", ".txt", ".pptx", ".jpg", ".zip"};
    uint32_t x = ev->rnd | 1;
    if (ev->flags & FF_DECOY) {
        uint32_t pc = ev->host < SIM_HOST_EXTRA ? ev->host : 0;
        return sim_decoy_name(out, n, pc, step(&x) % sim_decoy_count(pc));
    }
    bool rem = (ev->flags & FF_TO_REM) != 0;
    size_t at = cat(out, n, 0, rem ? "R:\\" : "C:\\Users\\");
    if (!rem) {
        at = cat(out, n, at, ev->user < w->npeople ? w->people[ev->user].user : "user");
        at = cat(out, n, at, "\\Documents\\");
    }
    if (ev->flags & FF_EXE) return cat(out, n, at, "kl_setup.exe");
    at = cat(out, n, at, sim_words[step(&x) % sim_nwords].ptr);
    at = cat(out, n, at, "_");
    at = cat_u(out, n, at, step(&x) % 10000);
    return cat(out, n, at, ext[step(&x) % MH_ARRAY_LEN(ext)]);
}

const char *sim_host_name(const sim_world *w, uint32_t host, char buf[SIM_IDLEN])
{
    if (host >= SIM_HOST_EXTRA) {
        size_t i = host - SIM_HOST_EXTRA;
        return i < w->nhosts ? w->hosts[i] : "unknown";
    }
    memcpy(buf, "PC-0000", 8);
    buf[3] = (char)('0' + host / 1000 % 10);
    buf[4] = (char)('0' + host / 100 % 10);
    buf[5] = (char)('0' + host / 10 % 10);
    buf[6] = (char)('0' + host % 10);
    return buf;
}

void sim_mail_parts(const sim_world *w, const sim_ev *ev, sim_mail *m)
{
    static const char *const ext_dom[] = {"gmail.com", "yahoo.com", "hotmail.com", "aol.com", "comcast.net", "verizon.net"};
    uint32_t x = ev->rnd | 1;
    const sim_person *me = &w->people[ev->user < w->npeople ? ev->user : 0];
    m->nto = m->ncc = 0;
    m->attachments = (ev->flags & FF_ATTACH) ? 1 + (int)(step(&x) % 3) : (step(&x) % 5 == 0 ? 1 : 0);
    m->size = 2000 + step(&x) % 40000 + (uint32_t)m->attachments * (50000 + step(&x) % 900000);
    m->from = me->email;
    switch (ev->b) {
    case EM_HOME:
        m->to[m->nto++] = me->home_email;
        return;
    case EM_COMPETITOR:
        m->to[m->nto++] = "recruiting@harborpoint-consulting.com";
        return;
    case EM_RECRUIT: { /* the competitor of CERT2 hires too: a CV sent there is no sign */
        static const char *const firm[] = {"recruiting@harborpoint-consulting.com", "careers@northgate-systems.com",
                                           "jobs@alderbrook-analytics.com", "talent@meridianworks.net",
                                           "hr@bluecrest-partners.com", "careers@tallpine-tech.com"};
        m->to[m->nto++] = firm[step(&x) % MH_ARRAY_LEN(firm)];
        return;
    }
    case EM_MASS: {
        int n = 20 + (int)(step(&x) % 25);
        for (int k = 0; k < n && k < 48; k++) m->to[m->nto++] = w->people[step(&x) % w->npeople].email;
        return;
    }
    default:
        break;
    }
    int n = 1 + (int)(step(&x) % 3), cc = step(&x) % 4 == 0 ? 1 : 0, next = 0;
    for (int k = 0; k < n + cc; k++) {
        const char *a;
        if (step(&x) % 5 == 0 && next < 2) {
            char *buf = m->ext[next++];
            size_t at = cat(buf, 64, 0, sim_words[step(&x) % sim_nwords].ptr);
            at = cat_u(buf, 64, at, step(&x) % 1000);
            at = cat(buf, 64, at, "@");
            cat(buf, 64, at, ext_dom[step(&x) % MH_ARRAY_LEN(ext_dom)]);
            a = buf;
        } else {
            /* Colleagues: mostly the same department (neighbours in the index share it
             * only by chance, so draw then prefer a same-unit match). */
            const sim_person *c = &w->people[step(&x) % w->npeople];
            for (int tries = 0; tries < 3 && c->unit != me->unit; tries++) c = &w->people[step(&x) % w->npeople];
            a = c->email;
        }
        m->to[m->nto + m->ncc] = a;
        if (k < n) m->nto++;
        else m->ncc++;
    }
    if (ev->a == EA_VIEW) {
        /* Mail received: someone else sent it to the user. */
        const char *sender = m->to[0];
        m->to[0] = me->email;
        m->from = sender;
    }
}
