/* The side-by-side edit table (distance.c, "one part against several at once"), written
 * once and included there once for each vector width: L_LANES lanes of int16 in the
 * vector type L_VT, names made by L_NAME, and L_ATTR on every function (the instruction
 * set the width needs). Not a header to include anywhere else: it uses distance.c's
 * tables. */

L_ATTR static inline L_VT L_NAME(vmin)(L_VT a, L_VT b)
{
    L_VT m = a < b;
    return (a & m) | (b & ~m);
}
L_ATTR static inline L_VT L_NAME(vsplat)(int x) { return (L_VT){0} + (int16_t)x; }
/* x where the lane's mask is set, INF16 elsewhere */
L_ATTR static inline L_VT L_NAME(vwhere)(L_VT mask, L_VT x) { return (x & mask) | (L_NAME(vsplat)(INF16) & ~mask); }

/* The b side of a batch, lane by lane: letters, what dropping each costs, where rule
 * sides end (the 32 rule bits as two 16-bit halves, and which rules end there in any
 * lane), which letters are vowels. A search asks the same candidate parts of every
 * query part, so the last one made is kept (one per thread) and used again when the
 * same parts come back. */
typedef struct L_NAME(bside) {
    int n, wb;
    uint8_t lb[L_LANES];
    char text[L_LANES][MM_MAX_TOKLEN];
    L_VT B[MM_MAX_TOKLEN + 1], DB[MM_MAX_TOKLEN + 1], VOW[MM_MAX_TOKLEN + 1];
    L_VT BL[2][MM_MAX_TOKLEN + 1], BR[2][MM_MAX_TOKLEN + 1];
    uint32_t anyl[MM_MAX_TOKLEN + 1], anyr[MM_MAX_TOKLEN + 1];
} L_NAME(bside);

L_ATTR static const L_NAME(bside) *L_NAME(b_side)(const char *const *b, const int *lb, int n, bool again)
{
    static _Thread_local L_NAME(bside) bs;
    if (again && bs.n == n) return &bs;
    bool same = bs.n == n;
    for (int t = 0; t < n && same; t++) same = bs.lb[t] == lb[t] && memcmp(bs.text[t], b[t], (size_t)lb[t]) == 0;
    if (same) return &bs;
    int wb = 0;
    for (int t = 0; t < n; t++) wb = MH_MAX(wb, lb[t]);
    bs.n = n;
    bs.wb = wb;
    for (int j = 0; j <= wb; j++) {
        bs.B[j] = bs.VOW[j] = bs.BL[0][j] = bs.BL[1][j] = bs.BR[0][j] = bs.BR[1][j] = L_NAME(vsplat)(0);
        bs.DB[j] = L_NAME(vsplat)(20);
        bs.anyl[j] = bs.anyr[j] = 0;
    }
    for (int t = 0; t < n; t++) {
        prof pb;
        prof_ends(&pb, b[t], lb[t]);
        bs.lb[t] = (uint8_t)lb[t];
        memcpy(bs.text[t], b[t], (size_t)lb[t]);
        for (int j = 0; j < lb[t]; j++) {
            unsigned char c = (unsigned char)b[t][j] & 127;
            bs.B[j][t] = (int16_t)c;
            bs.VOW[j][t] = (int16_t)(vowel(c) ? -1 : 0);
            bs.DB[j][t] = (int16_t)pb.del[j];
        }
        for (int j = 0; j <= lb[t]; j++) {
            bs.BL[0][j][t] = (int16_t)(pb.l[j] & 0xffff);
            bs.BL[1][j][t] = (int16_t)(pb.l[j] >> 16);
            bs.BR[0][j][t] = (int16_t)(pb.r[j] & 0xffff);
            bs.BR[1][j][t] = (int16_t)(pb.r[j] >> 16);
            bs.anyl[j] |= pb.l[j];
            bs.anyr[j] |= pb.r[j];
        }
    }
    return &bs;
}

L_ATTR static void L_NAME(batch_costs)(const char *a, int la, const L_NAME(bside) *bs, int16_t *cost)
{
    const prof *pa = a_profile(a, la);
    int wb = bs->wb;
    /* substitution costs of each letter of a against every lane's letters */
    L_VT S[MM_MAX_TOKLEN][MM_MAX_TOKLEN];
    for (int i = 0; i < la; i++) {
        unsigned char ca = (unsigned char)a[i] & 127;
        bool va = vowel(ca);
        L_VT c = L_NAME(vsplat)(ca);
        for (int j = 0; j < wb; j++) {
            /* sub_default, then the letter's listed partners */
            L_VT x = (bs->VOW[j] & L_NAME(vsplat)(va ? SUB_VOWELS : SUB_OTHER)) | (~bs->VOW[j] & L_NAME(vsplat)(SUB_OTHER));
            x &= ~(bs->B[j] == c);
            for (int k = 0; k < npartner[ca]; k++) {
                L_VT on = bs->B[j] == L_NAME(vsplat)(partner[ca][k].c);
                x = (x & ~on) | (L_NAME(vsplat)(partner[ca][k].cost) & on);
            }
            S[i][j] = x;
        }
    }
    L_VT d[MM_MAX_TOKLEN + 1][MM_MAX_TOKLEN + 1];
    d[0][0] = L_NAME(vsplat)(0);
    for (int j = 1; j <= wb; j++) d[0][j] = d[0][j - 1] + bs->DB[j - 1];
    int col0 = 0;
    for (int i = 1; i <= la; i++) {
        const L_VT *up = d[i - 1];
        L_VT *row = d[i], dai = L_NAME(vsplat)(pa->del[i - 1]);
        row[0] = L_NAME(vsplat)(col0 += pa->del[i - 1]);
        for (int j = 1; j <= wb; j++) row[j] = L_NAME(vmin)(up[j - 1] + S[i - 1][j - 1], up[j] + dai);
        if (i > 1) {
            unsigned char c1 = (unsigned char)a[i - 1] & 127, c2 = (unsigned char)a[i - 2] & 127;
            if (c1 != c2)
                for (int j = 2; j <= wb; j++)
                    row[j] = L_NAME(vmin)(row[j], L_NAME(vwhere)((bs->B[j - 2] == L_NAME(vsplat)(c1)) & (bs->B[j - 1] == L_NAME(vsplat)(c2)),
                                                 d[i - 2][j - 2] + 12));
        }
        for (int j = 1; j <= wb; j++) {
            for (uint32_t m = pa->l[i] & bs->anyr[j]; m; m &= m - 1) {
                int k = __builtin_ctz(m);
                L_VT on = ((bs->BR[k >> 4][j] >> (k & 15)) & 1) != 0;
                row[j] = L_NAME(vmin)(row[j], L_NAME(vwhere)(on, d[i - rule_len[k][0]][j - rule_len[k][1]] + rule_cost[k]));
            }
            for (uint32_t m = pa->r[i] & bs->anyl[j]; m; m &= m - 1) {
                int k = __builtin_ctz(m);
                L_VT on = ((bs->BL[k >> 4][j] >> (k & 15)) & 1) != 0;
                row[j] = L_NAME(vmin)(row[j], L_NAME(vwhere)(on, d[i - rule_len[k][1]][j - rule_len[k][0]] + rule_cost[k]));
            }
        }
        L_VT left = row[0];
        for (int j = 1; j <= wb; j++) row[j] = left = L_NAME(vmin)(row[j], left + bs->DB[j - 1]);
    }
    for (int t = 0; t < bs->n; t++) cost[t] = d[la][bs->lb[t]][t];
}

