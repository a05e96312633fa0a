/* One activity event as an ECS NDJSON line: @timestamp (ISO 8601, Z), event.{id,
 * category,action}, user.id (a UserAccount username), host.name, and the fields of its
 * category (file.*, url.*, email.*, deletion.*, border.*) as records.md lists them. */
#include "sim_internal.h"

static const char *const file_act[] = {"open", "write", "copy", "delete"};
static const char *const http_act[] = {"visit", "download", "upload"};

void sim_ecs_event(sim_world *w, sim_out *o, const sim_ev *ev, const char *evid)
{
    char buf[256], hb[SIM_IDLEN];
    SIM_LIT(o, "{\"@timestamp\":\"");
    sim_put_iso(o, ev->t);
    SIM_LIT(o, "\",\"event\":{\"id\":\"");
    sim_put(o, evid, 24);
    SIM_LIT(o, "\",\"category\":\"");
    switch (ev->kind) {
    case K_LOGON: SIM_LIT(o, "authentication\",\"action\":\"logon\""); break;
    case K_LOGOFF: SIM_LIT(o, "authentication\",\"action\":\"logoff\""); break;
    case K_CONNECT: SIM_LIT(o, "device\",\"action\":\"connect\""); break;
    case K_DISCONNECT: SIM_LIT(o, "device\",\"action\":\"disconnect\""); break;
    case K_FILE:
        SIM_LIT(o, "file\",\"action\":\"");
        sim_puts(o, file_act[ev->a & 3]);
        sim_putc(o, '"');
        break;
    case K_HTTP:
        SIM_LIT(o, "web\",\"action\":\"");
        sim_puts(o, http_act[ev->a % 3]);
        sim_putc(o, '"');
        break;
    case K_EMAIL: sim_puts(o, ev->a == EA_SEND ? "email\",\"action\":\"send\"" : "email\",\"action\":\"view\""); break;
    case K_DELETION: SIM_LIT(o, "deletion\",\"action\":\"bulk-delete\""); break;
    case K_BADGE: sim_puts(o, ev->a ? "badge\",\"action\":\"exit\"" : "badge\",\"action\":\"entry\""); break;
    case K_BORDER: SIM_LIT(o, "border\",\"action\":\"entry\""); break;
    default: SIM_LIT(o, "print\",\"action\":\"print\""); break;
    }
    SIM_LIT(o, "},\"user\":{\"id\":\"");
    sim_puts(o, w->people[ev->user].user);
    SIM_LIT(o, "\"},\"host\":{\"name\":");
    sim_put_jstr(o, sim_host_name(w, ev->host, hb));
    sim_putc(o, '}');
    switch (ev->kind) {
    case K_FILE:
    case K_PRINT:
        sim_file_path(buf, sizeof buf, w, ev);
        SIM_LIT(o, ",\"file\":{\"path\":");
        sim_put_jstr(o, buf);
        if (ev->kind == K_FILE) sim_puts(o, ev->flags & (FF_TO_REM | FF_FROM_REM) ? ",\"removable\":true}" : ",\"removable\":false}");
        else sim_putc(o, '}');
        break;
    case K_HTTP: {
        sim_url(buf, sizeof buf, ev->b, ev->rnd);
        SIM_LIT(o, ",\"url\":{\"full\":");
        sim_put_jstr(o, buf);
        SIM_LIT(o, ",\"domain\":");
        sim_put_jstr(o, sim_sites[ev->b % sim_nsites]);
        sim_putc(o, '}');
        break;
    }
    case K_EMAIL: {
        sim_mail m;
        sim_mail_parts(w, ev, &m);
        SIM_LIT(o, ",\"email\":{\"from\":{\"address\":");
        sim_put_jstr(o, m.from);
        SIM_LIT(o, "},\"to\":{\"address\":[");
        for (int k = 0; k < m.nto + m.ncc; k++) {
            if (k) sim_putc(o, ',');
            sim_put_jstr(o, m.to[k]);
        }
        SIM_LIT(o, "]},\"attachments\":{\"count\":");
        sim_put_u64(o, (uint64_t)m.attachments);
        SIM_LIT(o, "}}");
        break;
    }
    case K_DELETION:
        sim_puts(o, ev->a ? ",\"deletion\":{\"scope\":\"messages\",\"count\":" : ",\"deletion\":{\"scope\":\"mail\",\"count\":");
        sim_put_u64(o, ev->b);
        sim_putc(o, '}');
        break;
    case K_BORDER:
        SIM_LIT(o, ",\"border\":{\"country\":\"");
        sim_puts(o, ev->a < sim_ncountries ? sim_countries[ev->a].code : "us");
        SIM_LIT(o, "\",\"cash_declared\":");
        sim_put_u64(o, ev->b);
        SIM_LIT(o, ",\"cash_found\":");
        sim_put_u64(o, ev->c);
        sim_putc(o, '}');
        break;
    default:
        break;
    }
    sim_putc(o, '}');
    sim_out_endline(o);
}
