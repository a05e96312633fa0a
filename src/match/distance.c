/* The weighted edit distance between two name parts, and the part similarity built on
 * it. Romanisations of one name differ in predictable ways — i/y, c/k, v/w, ph/f, kh/h,
 * zh/j, ou/u, doubled letters — so those edits cost a fraction of an unrelated
 * substitution, while a transposed pair (a typing slip) costs a little over half. Past a
 * budget that grows with the length of the parts the similarity drops to zero: two
 * letters wrong in a five-letter name is another name, not a spelling. */
#include "match_int.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Multi-letter spellings of one sound, both directions. */
static const struct {
    const char *l, *r;
    float cost;
} rules[] = {
    {"ph", "f", 0.1f},    {"ks", "x", 0.1f},   {"ck", "k", 0.1f},    {"ch", "kh", 0.3f},
    {"ts", "c", 0.3f},    {"tz", "z", 0.3f},   {"tz", "ts", 0.2f},   {"sch", "sh", 0.2f},
    {"shch", "sch", 0.2f},{"zh", "j", 0.2f},   {"dzh", "j", 0.2f},   {"dj", "j", 0.2f},
    {"ou", "u", 0.2f},    {"oo", "u", 0.2f},   {"ee", "i", 0.2f},    {"iy", "y", 0.2f},
    {"iy", "i", 0.2f},    {"ij", "y", 0.2f},   {"ii", "y", 0.3f},    {"ie", "i", 0.3f},
    {"cz", "ch", 0.3f},   {"sz", "sh", 0.3f},  {"kh", "h", 0.2f},    {"qu", "k", 0.3f},
    {"ae", "e", 0.3f},    {"oe", "o", 0.3f},   {"ue", "u", 0.3f},    {"tsch", "ch", 0.2f},
    {"tch", "ch", 0.2f},  {"zh", "ch", 0.4f},  {"hs", "x", 0.4f},    {"yu", "iu", 0.2f},
};
#define NRULES ((int)MH_ARRAY_LEN(rules))
_Static_assert(MH_ARRAY_LEN(rules) <= 32, "rule masks are 32 bits");

/* Letter pairs one romanisation writes for another's. */
static const struct {
    char a, b;
    float cost;
} pairs[] = {
    {'i', 'y', 0.2f}, {'i', 'j', 0.3f}, {'y', 'j', 0.3f}, {'i', 'e', 0.5f}, {'e', 'a', 0.6f},
    {'o', 'u', 0.4f}, {'o', 'a', 0.6f}, {'e', 'y', 0.4f}, {'c', 'k', 0.2f}, {'k', 'q', 0.2f},
    {'c', 'q', 0.3f}, {'c', 's', 0.3f}, {'s', 'z', 0.3f}, {'c', 'z', 0.4f}, {'g', 'k', 0.4f},
    {'b', 'p', 0.4f}, {'d', 't', 0.4f}, {'v', 'w', 0.2f}, {'f', 'v', 0.3f}, {'v', 'b', 0.5f},
    {'u', 'w', 0.5f}, {'x', 'h', 0.6f}, {'l', 'r', 0.7f}, {'m', 'n', 0.6f}, {'e', 'o', 0.6f},
    {'u', 'y', 0.5f},
};

/* Every cost is a whole number of twentieths (0.05): the table adds and compares small
 * integers, which is exact, and quicker than floats on the one chain a row has. */
#define TW(c) ((int)lroundf((c) * 20.0f))
static uint8_t sub_cost[128][128];
static uint8_t rule_len[32][2], rule_cost[32];
/* Where rule sides end, by the letters they are made of: the sides of one letter by that
 * letter, of two by the pair (a-z only: every side is written in those), and the few of
 * three or four (sch, shch, dzh, tsch, tch) listed by first letter and compared. Masks
 * of rule numbers, so a position ORs in all its sides at once. */
static uint32_t one_l[128], one_r[128], two_l[26][26], two_r[26][26];
typedef struct side {
    uint8_t rule, right, len;
    const char *text;
} side;
static side long_first[128][4];
static uint8_t nlong_first[128];
/* Set for the last two letters of each of those: a part without such a pair has none. */
static bool long_last_two[26][26];
/* What dropping a letter costs when it is not doubled and not a final vowel. */
static uint8_t base_del[128];

static pthread_once_t once = PTHREAD_ONCE_INIT;

static bool vowel(unsigned char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* A substitution no pair lists: nothing for the same letter, 0.7 between vowels, 1 else
 * (in twentieths). */
#define SUB_VOWELS 14
#define SUB_OTHER 20
static int sub_default(unsigned char a, unsigned char b)
{
    return a == b ? 0 : vowel(a) && vowel(b) ? SUB_VOWELS : SUB_OTHER;
}

static void build_partners(void);
static void pick_width(void);

static void build(void)
{
    for (int a = 0; a < 128; a++)
        for (int b = 0; b < 128; b++)
            sub_cost[a][b] = (uint8_t)sub_default((unsigned char)a, (unsigned char)b);
    for (size_t i = 0; i < MH_ARRAY_LEN(pairs); i++) {
        sub_cost[(int)pairs[i].a][(int)pairs[i].b] = (uint8_t)TW(pairs[i].cost);
        sub_cost[(int)pairs[i].b][(int)pairs[i].a] = (uint8_t)TW(pairs[i].cost);
    }
    for (int c = 0; c < 128; c++)
        base_del[c] = (uint8_t)(c == 'h' ? 6 : (c == 'y' || c == 'j' || c == 'w') ? 10 : vowel((unsigned char)c) ? 14 : 20);
    for (int k = 0; k < NRULES; k++) {
        for (int right = 0; right < 2; right++) {
            const char *t = right ? rules[k].r : rules[k].l;
            size_t len = strlen(t);
            uint32_t bit = 1u << k;
            unsigned char c = (unsigned char)t[0];
            if (len == 1) *(right ? &one_r[c] : &one_l[c]) |= bit;
            else if (len == 2) *(right ? &two_r[c - 'a'][t[1] - 'a'] : &two_l[c - 'a'][t[1] - 'a']) |= bit;
            else if (nlong_first[c] < 4) {
                long_first[c][nlong_first[c]++] = (side){(uint8_t)k, (uint8_t)right, (uint8_t)len, t};
                long_last_two[t[len - 2] - 'a'][t[len - 1] - 'a'] = true;
            } else abort(); /* a table written here outgrew its index: a bug, caught by any test */
        }
        rule_len[k][0] = (uint8_t)strlen(rules[k].l);
        rule_len[k][1] = (uint8_t)strlen(rules[k].r);
        rule_cost[k] = (uint8_t)TW(rules[k].cost);
    }
    build_partners();
    pick_width();
}

/* Bit r of l[i] (r[i]) is set when rules[r].l (.r) ends at s[i-1]. */
static void rule_ends(const char *s, int n, uint32_t *l, uint32_t *r)
{
    /* Each position's masks made in registers and stored once: OR-ing into the array as
     * each side was found made every store wait on the one before. */
    l[0] = r[0] = 0;
    unsigned prev = 26; /* the letter before, as 0..25, or 26 when none or not a-z */
    bool longer = false;
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i] & 127;
        unsigned a = (unsigned)c - 'a';
        uint32_t lv = one_l[c], rv = one_r[c];
        if (prev < 26 && a < 26) {
            lv |= two_l[prev][a];
            rv |= two_r[prev][a];
            longer |= long_last_two[prev][a];
        }
        l[i + 1] = lv;
        r[i + 1] = rv;
        prev = a < 26 ? a : 26;
    }
    for (int i = 0; i < n && longer; i++) {
        unsigned char c = (unsigned char)s[i] & 127;
        for (int k = 0; k < nlong_first[c]; k++) {
            /* compared in place: a call to memcmp for three letters cost more than them */
            const side *sd = &long_first[c][k];
            if (i + sd->len > n) continue;
            int at = 0;
            while (at < sd->len && s[i + at] == sd->text[at]) at++;
            if (at < sd->len) continue;
            if (sd->right) r[i + sd->len] |= 1u << sd->rule;
            else l[i + sd->len] |= 1u << sd->rule;
        }
    }
}

/* What the table needs of one side, worked out once per part: where rule sides end, and
 * what dropping each letter costs. */
typedef struct prof {
    char s[MM_MAX_TOKLEN]; /* a copy: the caller's text may be gone by the next call */
    int n;
    uint32_t l[MM_MAX_TOKLEN + 1], r[MM_MAX_TOKLEN + 1];
    int del[MM_MAX_TOKLEN];
} prof;

/* A profile's rule ends and dropping costs, without the text and its length: enough for
 * one used at once (b_side); prof_fill adds them for one kept and looked up (a_profile). */
static void prof_ends(prof *p, const char *s, int n)
{
    rule_ends(s, n, p->l, p->r);
    /* Dropping a letter, in twentieths: a doubled letter 0.15, h 0.3, y, j and w 0.5,
     * a vowel 0.7 — but a final vowel, often a grammatical ending (Orlov/Orlova,
     * Daniel/Danielle), full price like any other letter. */
    for (int i = 0; i < n; i++) p->del[i] = base_del[(unsigned char)s[i] & 127];
    if (n && vowel((unsigned char)s[n - 1])) p->del[n - 1] = 20;
    for (int i = 1; i < n; i++)
        if (s[i - 1] == s[i]) p->del[i - 1] = p->del[i] = 3;
}

static void prof_fill(prof *p, const char *s, int n)
{
    memcpy(p->s, s, (size_t)n);
    p->n = n;
    prof_ends(p, s, n);
}

/* A search measures one query part against many candidate parts in a row: the profiles
 * of the last few a's are kept (one set per thread). */
static const prof *a_profile(const char *a, int la)
{
    static _Thread_local prof profs[4];
    static _Thread_local unsigned next_prof;
    for (int k = 0; k < 4; k++)
        if (profs[k].n == la && (la == 0 || profs[k].s[0] == a[0]) && memcmp(profs[k].s, a, (size_t)la) == 0)
            return &profs[k];
    prof *pa = &profs[next_prof++ & 3];
    prof_fill(pa, a, la);
    return pa;
}

/* The cost in twentieths. The table stops early, returning more than REACH, once every
 * way on is past REACH. */
static int edit_cost(const char *a, int la, const char *b, int lb, int reach)
{
    pthread_once(&once, build);
    la = MH_MIN(la, MM_MAX_TOKLEN);
    lb = MH_MIN(lb, MM_MAX_TOKLEN);
    int d[MM_MAX_TOKLEN + 1][MM_MAX_TOKLEN + 1];
    const prof *pa = a_profile(a, la);
    const uint32_t *al = pa->l, *ar = pa->r;
    const int *da = pa->del;
    /* The last b's too, for a candidate part meets every part of the query in turn:
     * a small table keyed by length and three letters, checked against a copy. */
    static _Thread_local prof bprofs[16];
    unsigned bh = lb ? ((unsigned)lb * 7u + (unsigned char)b[0] * 31u + (unsigned char)b[lb / 2] * 17u +
                        (unsigned char)b[lb - 1]) & 15u
                     : 0;
    prof *pb = &bprofs[bh];
    if (lb == 0 || pb->n != lb || memcmp(pb->s, b, (size_t)lb) != 0) prof_fill(pb, b, lb);
    const uint32_t *bl = pb->l, *br = pb->r;
    const int *db = pb->del;
    unsigned char bc[MM_MAX_TOKLEN];
    for (int j = 0; j < lb; j++) bc[j] = (unsigned char)b[j] & 127;
    d[0][0] = 0;
    for (int i = 1; i <= la; i++) d[i][0] = d[i - 1][0] + da[i - 1];
    for (int j = 1; j <= lb; j++) d[0][j] = d[0][j - 1] + db[j - 1];
    /* low[i]: the lowest row any row after i reads (one back for an edit, two for a
     * transposition, a rule's length on a's side for a rule ending there). Once rows
     * low[i]..i are all over budget, every later row is too: stop. */
    int low[MM_MAX_TOKLEN + 1], row_mins[MM_MAX_TOKLEN + 1];
    low[la] = la;
    for (int i = la; i >= 1; i--) {
        int back = i >= 2 ? 2 : 1;
        for (uint32_t m = al[i]; m; m &= m - 1) back = MH_MAX(back, rule_len[__builtin_ctz(m)][0]);
        for (uint32_t m = ar[i]; m; m &= m - 1) back = MH_MAX(back, rule_len[__builtin_ctz(m)][1]);
        low[i - 1] = MH_MIN(low[i], i - back);
    }
    row_mins[0] = 0;
    for (int i = 1; i <= la; i++) {
        const uint8_t *sub = sub_cost[(unsigned char)a[i - 1] & 127];
        const int *up = d[i - 1];
        int *row = d[i], dai = da[i - 1];
        /* A row in two sweeps. First what each cell takes from the rows above — a
         * substitution, a deletion, a transposition, a rule — cells independent of each
         * other, so their work overlaps ... */
        for (int j = 1; j <= lb; j++) {
            int best = up[j - 1] + sub[bc[j - 1]], x = up[j] + dai;
            row[j] = x < best ? x : best;
        }
        if (i > 1) {
            const int *up2 = d[i - 2];
            unsigned char c1 = (unsigned char)a[i - 1] & 127, c2 = (unsigned char)a[i - 2] & 127;
            for (int j = 2; j <= lb; j++) {
                int x = (c1 == bc[j - 2] && c2 == bc[j - 1] && c1 != c2) ? up2[j - 2] + 12 : INT_MAX / 2; /* 0.6 */
                row[j] = x < row[j] ? x : row[j];
            }
        }
        if (al[i] | ar[i])
            for (int j = 1; j <= lb; j++) {
                for (uint32_t m = al[i] & br[j]; m; m &= m - 1) {
                    int k = __builtin_ctz(m), x = d[i - rule_len[k][0]][j - rule_len[k][1]] + rule_cost[k];
                    if (x < row[j]) row[j] = x;
                }
                for (uint32_t m = ar[i] & bl[j]; m; m &= m - 1) {
                    int k = __builtin_ctz(m), x = d[i - rule_len[k][1]][j - rule_len[k][0]] + rule_cost[k];
                    if (x < row[j]) row[j] = x;
                }
            }
        /* ... then the one chain a row has: an insertion, from the cell to the left. */
        int left = row[0], row_min = left;
        for (int j = 1; j <= lb; j++) {
            int x = left + db[j - 1], v = row[j];
            left = x < v ? x : v;
            row[j] = left;
            row_min = left < row_min ? left : row_min;
        }
        row_mins[i] = row_min;
        if (row_min > reach && i < la) {
            bool over = true;
            for (int k = low[i]; k < i && over; k++) over = row_mins[k] > reach;
            if (over) return reach + 1;
        }
    }
    return d[la][lb];
}

double mm_edit_cost(const char *a, int la, const char *b, int lb) { return edit_cost(a, la, b, lb, INT_MAX / 2) / 20.0; }

/* What a pair needs before the table: the similarity when it is decided without one
 * (equal parts 1; lengths too far apart, or a floor out of reach, 0), else -1 with the
 * budget and how far the table need look. Costs are whole twentieths, so a pair exactly
 * at a limit is in, whichever path (search, batch or compare) asked. */
static double sim_pre(const char *a, int la, const char *b, int lb, double floor, long *budget, long *reach)
{
    if (la == lb && memcmp(a, b, (size_t)la) == 0) return 1.0;
    int L = MH_MAX(la, lb);
    if (L == 0) return 0.0;
    /* Lengths too far apart cannot come within budget: skip the table. */
    if (MH_MIN(la, lb) * 2 < L && L - MH_MIN(la, lb) > 2) return 0.0;
    /* budget max(0.6, L/4); similarity 1 - 2.5 cost / L = 1 - n / 8L for n twentieths */
    *budget = *reach = MH_MAX(12L, 5L * L);
    if (floor > 0) *reach = MH_MIN(*reach, (long)((1.0 - floor) * 8.0 * L + 1e-9));
    return *reach < 0 ? 0.0 : -1.0;
}

/* The similarity of a cost of N twentieths (more than the reach when the table stopped). */
static double sim_post(long n, int la, int lb, double floor, long budget)
{
    if (n > budget) return 0.0;
    double s = 1.0 - (double)n / (8.0 * MH_MAX(la, lb));
    return s < 0 || s < floor ? 0 : s;
}

double mm_token_sim_min(const char *a, int la, const char *b, int lb, double floor)
{
    long budget, reach;
    double s = sim_pre(a, la, b, lb, floor, &budget, &reach);
    return s >= 0 ? s : sim_post(edit_cost(a, la, b, lb, (int)reach), la, lb, floor, budget);
}

double mm_token_sim(const char *a, int la, const char *b, int lb) { return mm_token_sim_min(a, la, b, lb, 0.0); }

/* ---- one part against several at once ----
 *
 * A search scores one query part against the parts of some thirty candidates. The
 * table of each pair is a short chain of dependent adds and compares; side by side, in
 * the lanes of a vector, eight or sixteen tables cost about what one does. Lane t holds
 * the table of A against B[t]: the same recurrence, the same costs, so the same result as
 * edit_cost (held to it by test_sim_batch_exact). The table is filled in full, without
 * edit_cost's early stop, and its cost then judged against the same budget. */
/* Letters one romanisation writes for another's, by letter: what the substitution table
 * says apart from sub_default. */
static uint8_t npartner[128];
static struct { uint8_t c, cost; } partner[128][8];

static void build_partners(void)
{
    for (int a = 'a'; a <= 'z'; a++)
        for (int b = 'a'; b <= 'z'; b++) {
            if (sub_cost[a][b] != sub_default((unsigned char)a, (unsigned char)b)) {
                if (npartner[a] == 8) abort(); /* the pair table outgrew this one: a bug */
                partner[a][npartner[a]].c = (uint8_t)b;
                partner[a][npartner[a]++].cost = sub_cost[a][b];
            }
        }
}

#define INF16 16000 /* past any reach: 48 letters at 20 twentieths is 960 */

/* Eight lanes: SSE2, which every x86-64 has, or the like elsewhere. */
typedef int16_t vs8 __attribute__((vector_size(16)));
#define L_LANES 8
#define L_VT vs8
#define L_NAME(x) x##_8
#define L_ATTR
#include "sim_lanes.h"
#undef L_LANES
#undef L_VT
#undef L_NAME
#undef L_ATTR

/* Sixteen, where the processor has AVX2 (asked at run time): half the batches. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MM_HAVE_LANES16 1
typedef int16_t vs16 __attribute__((vector_size(32)));
#define L_LANES 16
#define L_VT vs16
#define L_NAME(x) x##_16
#define L_ATTR __attribute__((target("avx2")))
#include "sim_lanes.h"
#undef L_LANES
#undef L_VT
#undef L_NAME
#undef L_ATTR
#endif
_Static_assert(MM_SIM_BATCH_MAX == 16, "the widest batch is sixteen lanes");

static int batch_width = 8; /* set by build() */

static void pick_width(void)
{
#ifdef MM_HAVE_LANES16
    if (__builtin_cpu_supports("avx2")) batch_width = 16;
#endif
}

int mm_sim_batch_width(void)
{
    pthread_once(&once, build);
    return batch_width;
}

int mm_sim_batch_force_width(int width)
{
    pthread_once(&once, build);
    int was = batch_width;
#ifdef MM_HAVE_LANES16
    if (width == 16 && __builtin_cpu_supports("avx2")) batch_width = 16;
    else
#endif
        batch_width = 8;
    (void)width;
    return was;
}

void mm_token_sim_batch(const char *a, int la, const char *const *b, const uint8_t *lb, int n, double floor,
                        bool again, double *out)
{
    int la_full = la;
    pthread_once(&once, build);
    n = MH_MIN(n, batch_width);
    int tl[MM_SIM_BATCH_MAX];
    long budget[MM_SIM_BATCH_MAX], reach;
    bool any = false;
    for (int t = 0; t < n; t++) {
        out[t] = sim_pre(a, la, b[t], lb[t], floor, &budget[t], &reach);
        any = any || out[t] < 0;
        tl[t] = MH_MIN(lb[t], MM_MAX_TOKLEN);
    }
    /* AGAIN holds only if the last call made the b side for these parts: one whose every
     * lane was decided without a table made none. */
    static _Thread_local bool made_last;
    again = again && made_last;
    made_last = any;
    if (!any) return;
    /* Every lane's table, the decided ones too: the b side is then the same for each
     * query part asked of these b's, and is made once. */
    int16_t cost[MM_SIM_BATCH_MAX];
    la = MH_MIN(la, MM_MAX_TOKLEN);
#ifdef MM_HAVE_LANES16
    if (batch_width == 16) batch_costs_16(a, la, b_side_16(b, tl, n, again), cost);
    else
#endif
        batch_costs_8(a, la, b_side_8(b, tl, n, again), cost);
    for (int t = 0; t < n; t++)
        if (out[t] < 0) out[t] = sim_post(cost[t], la_full, lb[t], floor, budget[t]);
}
