/* Everything about an entity besides its names that tells two namesakes apart: schema
 * (a person never matches a body), birth date, country, gender and identifiers. Each
 * qualifier that both sides carry moves the name score up or down by a fixed amount
 * (docs/match.md lists them); a qualifier only one side carries changes nothing. This
 * file also reads an entity's names, marking lastName parts as family names. */
#include "match_int.h"

#include <string.h>

#define A_BIRTH_EXACT 0.08
#define A_BIRTH_MATCH 0.05 /* agrees at the coarser precision (year against full date) */
#define A_BIRTH_NEAR -0.08
#define A_BIRTH_MISMATCH -0.25
#define A_COUNTRY_MATCH 0.03
#define A_COUNTRY_MISMATCH -0.08
#define A_GENDER_MISMATCH -0.20
#define A_ID_MATCH 0.25
#define A_ID_MISMATCH -0.15

static const char *const id_props[] = {
    "idNumber", "passportNumber", "socialSecurityNumber", "taxNumber", "registrationNumber", "innCode",
    "ogrnCode", "leiCode", "swiftBic", "vatCode", "okpoCode", "uniqueEntityId", "dunsCode", "imoNumber",
    "bikCode", "permId", "cikCode", "kppCode", NULL,
};

bool mm_is_id_prop(const char *prop)
{
    for (int i = 0; id_props[i]; i++)
        if (strcmp(id_props[i], prop) == 0) return true;
    return false;
}

int mm_schema_kind(const char *schema)
{
    if (!schema) return MM_K_ANY;
    if (strcmp(schema, "Person") == 0) return MM_K_PERSON;
    if (strcmp(schema, "Organization") == 0 || strcmp(schema, "Company") == 0 ||
        strcmp(schema, "PublicBody") == 0 || strcmp(schema, "LegalEntity") == 0)
        return MM_K_BODY;
    return -1;
}

void mm_quals_add_country(mm_quals *q, const char *v)
{
    if (!v || strlen(v) != 2 || q->ncountries == MM_MAX_QUAL) return;
    char a = v[0] | 0x20, b = v[1] | 0x20;
    if (a < 'a' || a > 'z' || b < 'a' || b > 'z') return;
    uint16_t code = (uint16_t)((a << 8) | b);
    for (int i = 0; i < q->ncountries; i++)
        if (q->countries[i] == code) return;
    q->countries[q->ncountries++] = code;
}

void mm_quals_add_date(mm_quals *q, const char *v)
{
    mh_time lo, hi;
    if (!v || q->ndates == MM_MAX_QUAL || !mh_time_parse_iso(v, strlen(v), &lo, &hi, NULL)) return;
    const int64_t day = 86400000;
    int64_t dl = lo >= 0 ? lo / day : -((-lo + day - 1) / day), dh = hi >= 0 ? hi / day : -((-hi + day - 1) / day);
    if (dl < INT32_MIN || dh > INT32_MAX) return;
    q->date_lo[q->ndates] = (int32_t)dl;
    q->date_hi[q->ndates] = (int32_t)dh;
    q->ndates++;
}

void mm_quals_set_gender(mm_quals *q, const char *v)
{
    if (!v) return;
    if (strcmp(v, "male") == 0 || strcmp(v, "m") == 0 || strcmp(v, "M") == 0) q->gender = 1;
    else if (strcmp(v, "female") == 0 || strcmp(v, "f") == 0 || strcmp(v, "F") == 0) q->gender = 2;
    else if (strcmp(v, "other") == 0) q->gender = 3;
}

/* Identifiers are kept as one byte naming the property kind, then the value's upper-case
 * letters and digits ("A" + "AB1234567"). */
static void add_id(mm_quals *q, int kind, const char *v, mh_arena *a)
{
    if (q->nids == MM_MAX_QUAL) return;
    char buf[64];
    size_t n = 0;
    buf[n++] = (char)('A' + kind);
    for (const char *p = v; *p && n < sizeof buf; p++) {
        char c = *p;
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) buf[n++] = c;
    }
    if (n < 3) return;
    char *s = mh_arena_strndup(a, buf, n);
    if (!s) return;
    q->ids[q->nids] = s;
    q->id_lens[q->nids++] = (uint8_t)n;
}

void mm_quals_add_id(mm_quals *q, const char *v, mh_arena *a) { add_id(q, 0, v, a); }

void mm_quals_from_entity(const mh_entity *ent, mm_quals *q, mh_arena *a)
{
    memset(q, 0, sizeof *q);
    int k = mm_schema_kind(ent->schema);
    q->kind = k < 0 ? MM_K_ANY : k;
    for (size_t i = 0; i < ent->nprops; i++) {
        const mh_prop *p = &ent->props[i];
        bool country = strcmp(p->name, "nationality") == 0 || strcmp(p->name, "citizenship") == 0 ||
                       strcmp(p->name, "country") == 0 || strcmp(p->name, "jurisdiction") == 0;
        int idk = -1;
        for (int j = 0; id_props[j]; j++)
            if (strcmp(id_props[j], p->name) == 0) idk = j;
        for (size_t v = 0; v < p->nvals; v++) {
            const char *val = p->vals[v];
            if (!val) continue;
            if (country) mm_quals_add_country(q, val);
            else if (strcmp(p->name, "birthDate") == 0) mm_quals_add_date(q, val);
            else if (strcmp(p->name, "gender") == 0) mm_quals_set_gender(q, val);
            else if (idk >= 0) add_id(q, idk, val, a);
        }
    }
}

static mh_match_qual birth(const mm_quals *q, const mm_quals *c, double *adj)
{
    if (!q->ndates || !c->ndates) return MH_MATCH_Q_UNKNOWN;
    mh_match_qual best = MH_MATCH_Q_MISMATCH;
    double a = A_BIRTH_MISMATCH;
    for (int i = 0; i < q->ndates; i++) {
        for (int j = 0; j < c->ndates; j++) {
            int32_t ql = q->date_lo[i], qh = q->date_hi[i], cl = c->date_lo[j], ch = c->date_hi[j];
            if (ql <= ch && cl <= qh) {
                double x = (ql == cl && qh == ch && qh - ql <= 1) ? A_BIRTH_EXACT : A_BIRTH_MATCH;
                if (best != MH_MATCH_Q_MATCH || x > a) a = x;
                best = MH_MATCH_Q_MATCH;
                continue;
            }
            int64_t yq, yc;
            unsigned m, d;
            mh_civil_from_days(ql, &yq, &m, &d);
            mh_civil_from_days(cl, &yc, &m, &d);
            if (best == MH_MATCH_Q_MISMATCH && (yq - yc <= 1 && yc - yq <= 1)) {
                best = MH_MATCH_Q_NEAR;
                a = A_BIRTH_NEAR;
            }
        }
    }
    *adj += a;
    return best;
}

static mh_match_qual country(const mm_quals *q, const mm_quals *c, double *adj)
{
    if (!q->ncountries || !c->ncountries) return MH_MATCH_Q_UNKNOWN;
    for (int i = 0; i < q->ncountries; i++)
        for (int j = 0; j < c->ncountries; j++)
            if (q->countries[i] == c->countries[j]) {
                *adj += A_COUNTRY_MATCH;
                return MH_MATCH_Q_MATCH;
            }
    *adj += A_COUNTRY_MISMATCH;
    return MH_MATCH_Q_MISMATCH;
}

static mh_match_qual ident(const mm_quals *q, const mm_quals *c, double *adj)
{
    if (!q->nids || !c->nids) return MH_MATCH_Q_UNKNOWN;
    bool same_kind = false;
    for (int i = 0; i < q->nids; i++) {
        for (int j = 0; j < c->nids; j++) {
            if (q->ids[i][0] == c->ids[j][0]) same_kind = true;
            if (q->id_lens[i] == c->id_lens[j] && memcmp(q->ids[i] + 1, c->ids[j] + 1, q->id_lens[i] - 1u) == 0) {
                *adj += A_ID_MATCH;
                return MH_MATCH_Q_MATCH;
            }
        }
    }
    if (!same_kind) return MH_MATCH_Q_UNKNOWN;
    *adj += A_ID_MISMATCH;
    return MH_MATCH_Q_MISMATCH;
}

double mm_qualify(const mm_quals *q, const mm_quals *c, double name, mh_match_features *f)
{
    f->birth_date = f->country = f->gender = f->identifier = f->schema = MH_MATCH_Q_UNKNOWN;
    f->adjust = 0;
    if (q->kind != MM_K_ANY && c->kind != MM_K_ANY) {
        f->schema = q->kind == c->kind ? MH_MATCH_Q_MATCH : MH_MATCH_Q_MISMATCH;
        if (f->schema == MH_MATCH_Q_MISMATCH) return 0;
    }
    double up = 0, down = 0, a[3] = {0, 0, 0};
    f->birth_date = birth(q, c, &a[0]);
    f->country = country(q, c, &a[1]);
    f->identifier = ident(q, c, &a[2]);
    for (int i = 0; i < 3; i++) {
        if (a[i] > 0) up += a[i];
        else down += a[i];
    }
    if (q->gender && c->gender) {
        f->gender = q->gender == c->gender ? MH_MATCH_Q_MATCH : MH_MATCH_Q_MISMATCH;
        if (f->gender == MH_MATCH_Q_MISMATCH) down += A_GENDER_MISMATCH;
    }
    /* Agreement on the side facts cannot lift a name that does not match. */
    if (name < MH_MATCH_SHOW) up = 0;
    f->adjust = up + down;
    double s = name + f->adjust;
    return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* Marks in nm the parts that equal a part of one of the given normalised names. */
static void mark(mm_name *nm, const mm_name *by, int nby, uint8_t flag)
{
    for (int i = 0; i < nm->ntok; i++)
        for (int k = 0; k < nby; k++)
            for (int j = 0; j < by[k].ntok; j++)
                if (nm->tok[i].len == by[k].tok[j].len && memcmp(nm->tok[i].s, by[k].tok[j].s, nm->tok[i].len) == 0)
                    nm->tok[i].flags |= flag;
}

int mm_entity_names(mh_match_norm *n, const mh_entity *ent, mh_arena *a, mm_name *out, const char **raw, int max,
                    mh_err *e)
{
    int k = 0;
    mm_name last[4], mid[4];
    int nlast = 0, nmid = 0;
    const char *first = NULL, *lastv = NULL;
    for (size_t i = 0; i < ent->nprops; i++) {
        const mh_prop *p = &ent->props[i];
        bool is_name = strcmp(p->name, "name") == 0 || strcmp(p->name, "alias") == 0 ||
                       strcmp(p->name, "previousName") == 0;
        bool is_last = strcmp(p->name, "lastName") == 0;
        bool is_mid = strcmp(p->name, "middleName") == 0 || strcmp(p->name, "fatherName") == 0 ||
                      strcmp(p->name, "secondName") == 0;
        if (strcmp(p->name, "firstName") == 0 && p->nvals) first = p->vals[0];
        if (is_last && p->nvals) lastv = p->vals[0];
        for (size_t v = 0; v < p->nvals; v++) {
            const char *s = p->vals[v];
            if (!s || !*s) continue;
            if (is_name && k < max) {
                if (mm_norm_name(n, s, strlen(s), a, &out[k], e) != MH_OK) return -1;
                if (out[k].ntok) raw[k++] = s;
            } else if (is_last && nlast < 4) {
                if (mm_norm_name(n, s, strlen(s), a, &last[nlast], e) != MH_OK) return -1;
                nlast++;
            } else if (is_mid && nmid < 4) {
                if (mm_norm_name(n, s, strlen(s), a, &mid[nmid], e) != MH_OK) return -1;
                nmid++;
            }
        }
    }
    /* firstName + lastName as one more name, when given apart. */
    if (first && lastv && k < max) {
        size_t fl = strlen(first), ll = strlen(lastv);
        char *s = mh_arena_alloc(a, fl + ll + 2);
        if (!s) { mh_err_set(e, MH_E_NOMEM, "out of memory reading names"); return -1; }
        memcpy(s, first, fl);
        s[fl] = ' ';
        memcpy(s + fl + 1, lastv, ll + 1);
        if (mm_norm_name(n, s, fl + ll + 1, a, &out[k], e) != MH_OK) return -1;
        if (out[k].ntok) raw[k++] = s;
    }
    for (int i = 0; i < k; i++) {
        mark(&out[i], last, nlast, MM_T_FAMILY);
        mark(&out[i], mid, nmid, MM_T_PATRONYM);
    }
    return k;
}
