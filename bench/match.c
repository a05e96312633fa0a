/* bench_match: the watch-list matcher at scale. Generates a deterministic watch list of
 * N people and bodies (default 1,000,000) from syllable tables per culture, written in
 * Cyrillic, Han, Hangul, Greek or Latin, and Q query names (default 100,000): half are
 * perturbed renderings of list entries (transliterated, reordered, mistyped, split,
 * initialled), half are names the list does not hold. Prints index build time, queries
 * per second on one core, peak memory (ru_maxrss) and the recall of the perturbed true
 * matches at the flag threshold.
 * usage: bench_match [N_ENTITIES] [N_QUERIES] [SEED] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "molehunt/mh_match.h"

/* ---- tables: "native|latin" ---- */

static const char *const ru_given[] = {
    "Александр|Aleksandr", "Алексей|Aleksei", "Андрей|Andrei", "Борис|Boris", "Вадим|Vadim", "Василий|Vasily",
    "Виктор|Viktor", "Владимир|Vladimir", "Глеб|Gleb", "Григорий|Grigory", "Денис|Denis", "Дмитрий|Dmitry",
    "Евгений|Yevgeny", "Егор|Yegor", "Иван|Ivan", "Игорь|Igor", "Илья|Ilya", "Кирилл|Kirill",
    "Константин|Konstantin", "Леонид|Leonid", "Максим|Maksim", "Михаил|Mikhail", "Никита|Nikita",
    "Николай|Nikolai", "Олег|Oleg", "Павел|Pavel", "Пётр|Pyotr", "Роман|Roman", "Руслан|Ruslan",
    "Сергей|Sergei", "Станислав|Stanislav", "Тимур|Timur", "Фёдор|Fyodor", "Юрий|Yuri", "Ярослав|Yaroslav",
    "Анна|Anna", "Елена|Yelena", "Ирина|Irina", "Мария|Maria", "Наталья|Natalya", "Ольга|Olga",
    "Светлана|Svetlana", "Татьяна|Tatyana", "Юлия|Yulia",
};
static const char *const ru_syl[] = {
    "ба|ba", "бе|be", "бо|bo", "ва|va", "ве|ve", "во|vo", "га|ga", "го|go", "да|da", "до|do", "жу|zhu", "за|za",
    "зо|zo", "ка|ka", "ко|ko", "ку|ku", "ла|la", "ле|le", "ли|li", "ло|lo", "ма|ma", "ме|me", "ми|mi", "мо|mo",
    "на|na", "не|ne", "но|no", "па|pa", "пе|pe", "по|po", "ра|ra", "ре|re", "ро|ro", "са|sa", "се|se", "со|so",
    "та|ta", "те|te", "то|to", "ту|tu", "фе|fe", "ха|kha", "хо|kho", "цве|tsve", "че|che", "чу|chu", "ша|sha",
    "ше|she",
};
static const char *const ru_suf[] = {"ов|ov", "ев|ev", "ин|in", "енко|enko", "ский|sky"};

static const char *const zh_fam[] = {
    "王|Wang", "李|Li", "张|Zhang", "刘|Liu", "陈|Chen", "杨|Yang", "黄|Huang", "赵|Zhao", "吴|Wu", "周|Zhou",
    "徐|Xu", "孙|Sun", "马|Ma", "朱|Zhu", "胡|Hu", "郭|Guo", "何|He", "高|Gao", "林|Lin", "罗|Luo",
    "郑|Zheng", "梁|Liang", "谢|Xie", "宋|Song", "唐|Tang", "韩|Han", "冯|Feng", "邓|Deng", "曹|Cao", "彭|Peng",
    "曾|Zeng", "肖|Xiao", "田|Tian", "董|Dong", "袁|Yuan", "潘|Pan", "蒋|Jiang", "蔡|Cai", "杜|Du", "叶|Ye",
    "程|Cheng", "苏|Su", "魏|Wei", "丁|Ding", "任|Ren", "沈|Shen",
};
static const char *const zh_giv[] = {
    "伟|wei", "芳|fang", "娜|na", "敏|min", "静|jing", "丽|li", "强|qiang", "磊|lei", "军|jun", "洋|yang",
    "勇|yong", "艳|yan", "杰|jie", "涛|tao", "明|ming", "超|chao", "秀|xiu", "霞|xia", "平|ping", "刚|gang",
    "桂|gui", "华|hua", "建|jian", "国|guo", "文|wen", "辉|hui", "鹏|peng", "宇|yu", "志|zhi", "海|hai",
    "东|dong", "新|xin", "林|lin", "峰|feng", "红|hong", "春|chun", "晓|xiao", "立|li", "永|yong", "波|bo",
    "斌|bin", "宏|hong", "俊|jun", "毅|yi", "楠|nan", "博|bo", "浩|hao", "凯|kai", "琳|lin", "瑞|rui",
    "松|song", "天|tian", "伦|lun", "帆|fan", "卫|wei", "荣|rong", "泽|ze", "振|zhen", "晨|chen", "阳|yang",
};
static const char *const ko_fam[] = {
    "김|Kim", "이|Lee", "박|Park", "최|Choi", "정|Jung", "강|Kang", "조|Cho", "윤|Yoon", "장|Jang", "임|Lim",
    "한|Han", "오|Oh", "서|Seo", "신|Shin", "권|Kwon", "황|Hwang", "안|Ahn", "송|Song", "류|Ryu", "홍|Hong",
};
static const char *const ko_syl[] = {
    "민|min", "준|jun", "서|seo", "연|yeon", "지|ji", "호|ho", "영|young", "수|soo", "현|hyun", "우|woo",
    "은|eun", "성|sung", "훈|hoon", "진|jin", "희|hee", "재|jae", "경|kyung", "석|seok", "동|dong", "철|chul",
    "하|ha", "윤|yoon", "아|ah", "혜|hye", "태|tae", "상|sang", "용|yong", "기|ki", "원|won", "주|joo",
    "나|na", "다|da", "빈|bin", "범|beom", "규|kyu", "혁|hyuk", "건|gun", "광|kwang", "명|myung", "선|sun",
};
static const char *const el_given[] = {
    "Γιώργος|Giorgos", "Δημήτρης|Dimitris", "Νίκος|Nikos", "Κώστας|Kostas", "Γιάννης|Giannis",
    "Χρήστος|Christos", "Παναγιώτης|Panagiotis", "Βασίλης|Vasilis", "Αθανάσιος|Athanasios", "Μιχάλης|Michalis",
    "Ελένη|Eleni", "Μαρία|Maria", "Αικατερίνη|Aikaterini", "Σοφία|Sofia", "Άννα|Anna", "Θεόδωρος|Theodoros",
    "Σταύρος|Stavros", "Σπύρος|Spyros",
};
static const char *const el_syl[] = {
    "κα|ka", "κο|ko", "λα|la", "λο|lo", "μα|ma", "μι|mi", "να|na", "νι|ni", "πα|pa", "πε|pe",
    "ρα|ra", "ρι|ri", "σα|sa", "στα|sta", "τα|ta", "το|to", "χα|cha", "χρι|chri", "δη|di", "γε|ge",
};
static const char *const el_suf[] = {"όπουλος|opoulos", "ίδης|idis", "άκης|akis", "ίου|iou", "άτος|atos"};
static const char *const en_given[] = {
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Charles", "Daniel",
    "Matthew", "Mark", "Paul", "Steven", "Andrew", "Kenneth", "Joshua", "Kevin", "Brian", "George",
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
    "Nancy", "Lisa", "Margaret", "Emily", "Laura", "Rachel", "Helen", "Claire", "Julia", "Victoria",
};
static const char *const en_a[] = {
    "Ash", "Black", "Brad", "Brook", "Burn", "Car", "Clay", "Cole", "Crane", "Dal", "Fair", "Fern", "Fox", "Gold",
    "Green", "Hal", "Hart", "Holt", "Kings", "Lang", "Mar", "Mill", "New", "Nor", "Oak", "Red", "Rad", "Ross",
    "Shel", "Stan", "Stock", "Thorn", "Went", "West", "White", "Whit", "Wood", "Ather", "Bar", "Bell",
};
static const char *const en_b[] = {"ford", "well", "ton", "ley", "wood", "field", "by", "more", "ham", "ridge",
                                   "worth", "stead", "ings", "croft", "dale", "man", "son", "land", "wick", "shaw"};
static const char *const en_c[] = {"", "", "", "", "e", "s", "er", "ey", "ing", "ings"};
static const char *const org_word[] = {"Trading", "Logistics", "Holdings", "Industries", "Systems",
                                       "Technologies", "Shipping", "Capital"};
static const char *const org_legal[] = {"LLC", "Ltd", "JSC", "GmbH"};
static const char *const cc[] = {"ru", "cn", "kr", "gr", "gb", "us"};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

enum { C_RU, C_ZH, C_KO, C_EL, C_EN, C_ORG };

typedef struct gname {
    uint8_t culture, native, nf; /* nf: how many family syllables */
    uint8_t g1, g2, f1, f2, f3, suf;
    uint8_t pad;
    int16_t year;
} gname;

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int rndn(int n) { return (int)(rnd() % (uint64_t)n); }

/* Appends the native (form 0) or Latin (form 1) half of "native|latin". */
static void put(char **o, const char *pair, int form)
{
    const char *bar = strchr(pair, '|');
    const char *s = bar ? (form ? bar + 1 : pair) : pair;
    size_t n = bar && !form ? (size_t)(bar - pair) : strlen(s);
    memcpy(*o, s, n);
    *o += n;
}
static void putc_(char **o, char c) { *(*o)++ = c; }
static void cap_last(char *start)
{
    if (*start >= 'a' && *start <= 'z') *start = (char)(*start - 32);
}

static gname gen(void)
{
    gname g = {0};
    int r = rndn(100);
    g.culture = r < 30 ? C_RU : r < 50 ? C_ZH : r < 60 ? C_KO : r < 70 ? C_EL : r < 95 ? C_EN : C_ORG;
    switch (g.culture) {
    case C_RU:
        g.g1 = (uint8_t)rndn(N(ru_given));
        g.nf = (uint8_t)(rndn(10) < 7 ? 3 : 2);
        g.f1 = (uint8_t)rndn(N(ru_syl)); g.f2 = (uint8_t)rndn(N(ru_syl)); g.f3 = (uint8_t)rndn(N(ru_syl));
        g.suf = (uint8_t)rndn(N(ru_suf));
        g.native = rndn(10) < 6;
        break;
    case C_ZH:
        g.f1 = (uint8_t)rndn(N(zh_fam));
        g.g1 = (uint8_t)rndn(N(zh_giv));
        g.g2 = (uint8_t)(rndn(10) < 3 ? 255 : rndn(N(zh_giv)));
        g.native = rndn(10) < 6;
        break;
    case C_KO:
        g.f1 = (uint8_t)rndn(N(ko_fam));
        g.g1 = (uint8_t)rndn(N(ko_syl)); g.g2 = (uint8_t)rndn(N(ko_syl));
        g.native = rndn(10) < 7;
        break;
    case C_EL:
        g.g1 = (uint8_t)rndn(N(el_given));
        g.nf = (uint8_t)(rndn(10) < 8 ? 3 : 2);
        g.f1 = (uint8_t)rndn(N(el_syl)); g.f2 = (uint8_t)rndn(N(el_syl)); g.f3 = (uint8_t)rndn(N(el_syl));
        g.suf = (uint8_t)rndn(N(el_suf));
        g.native = rndn(10) < 6;
        break;
    case C_EN:
        g.g1 = (uint8_t)rndn(N(en_given));
        g.f1 = (uint8_t)rndn(N(en_a)); g.f2 = (uint8_t)rndn(N(en_b)); g.f3 = (uint8_t)rndn(N(en_c));
        g.g2 = (uint8_t)(rndn(10) < 3 ? rndn(N(en_given)) : 255); /* a middle name */
        break;
    default:
        g.f1 = (uint8_t)rndn(N(en_a)); g.f2 = (uint8_t)rndn(N(en_b));
        g.g1 = (uint8_t)rndn(N(org_word)); g.suf = (uint8_t)rndn(N(org_legal));
        break;
    }
    g.year = (int16_t)(g.culture == C_ORG || rndn(10) < 3 ? 0 : 1940 + rndn(60));
    return g;
}

static uint64_t gkey(const gname *g)
{
    return ((uint64_t)g->culture << 56) ^ ((uint64_t)g->g1 << 48) ^ ((uint64_t)g->g2 << 40) ^ ((uint64_t)g->f1 << 32) ^
           ((uint64_t)g->f2 << 24) ^ ((uint64_t)(g->nf == 3 || g->culture == C_EN ? g->f3 : 255) << 16) ^ ((uint64_t)g->suf << 8) ^ g->nf;
}

enum { P_SWAP = 1, P_SPLIT = 2, P_INITIAL = 4, P_NOMIDDLE = 8 };

/* Renders a name: form 0 native script, 1 Latin; flags perturb the Latin form. */
static void render(const gname *g, int form, int flags, char *out)
{
    char given[256], family[256], *o;
    o = given;
    switch (g->culture) {
    case C_RU: put(&o, ru_given[g->g1], form); break;
    case C_EL: put(&o, el_given[g->g1], form); break;
    case C_EN:
        put(&o, en_given[g->g1], 1);
        if (g->g2 != 255 && !(flags & P_NOMIDDLE)) { putc_(&o, ' '); put(&o, en_given[g->g2], 1); }
        break;
    case C_ZH:
        put(&o, zh_giv[g->g1], form);
        if (g->g2 != 255) {
            if (form && (flags & P_SPLIT)) putc_(&o, '-');
            put(&o, zh_giv[g->g2], form);
        }
        if (form) cap_last(given);
        break;
    case C_KO:
        put(&o, ko_syl[g->g1], form);
        if (form) putc_(&o, (flags & P_SPLIT) ? ' ' : '-');
        put(&o, ko_syl[g->g2], form);
        if (form) cap_last(given);
        break;
    default: put(&o, org_word[g->g1], 1); break;
    }
    *o = '\0';
    o = family;
    switch (g->culture) {
    case C_RU:
        put(&o, ru_syl[g->f1], form); put(&o, ru_syl[g->f2], form);
        if (g->nf == 3) put(&o, ru_syl[g->f3], form);
        put(&o, ru_suf[g->suf], form);
        if (form) cap_last(family);
        break;
    case C_EL:
        put(&o, el_syl[g->f1], form); put(&o, el_syl[g->f2], form);
        if (g->nf == 3) put(&o, el_syl[g->f3], form);
        put(&o, el_suf[g->suf], form);
        if (form) cap_last(family);
        break;
    case C_ZH: put(&o, zh_fam[g->f1], form); break;
    case C_KO: put(&o, ko_fam[g->f1], form); break;
    case C_EN: put(&o, en_a[g->f1], 1); put(&o, en_b[g->f2], 1); put(&o, en_c[g->f3], 1); break;
    default: put(&o, en_a[g->f1], 1); put(&o, en_b[g->f2], 1); break;
    }
    *o = '\0';
    if (flags & P_INITIAL) {
        given[1] = '.';
        given[2] = '\0';
    }
    if (g->culture == C_ORG) {
        sprintf(out, "%s %s %s", family, given, org_legal[g->suf]);
    } else if ((g->culture == C_ZH || g->culture == C_KO) && !form) {
        sprintf(out, "%s%s", family, given); /* 王建国 */
    } else if (g->culture == C_ZH || g->culture == C_KO) {
        sprintf(out, (flags & P_SWAP) ? "%2$s %1$s" : "%1$s %2$s", family, given);
    } else {
        sprintf(out, (flags & P_SWAP) ? "%2$s %1$s" : "%1$s %2$s", given, family);
    }
}

/* One keyboard slip in the longest word: swap, drop or double a letter. */
static void typo(char *s)
{
    size_t n = strlen(s), best = 0, bl = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j - i > bl) { best = i; bl = j - i; }
        i = j + 1;
    }
    if (bl < 5) return;
    size_t p = best + 1 + (size_t)rndn((int)bl - 2);
    if ((unsigned char)s[p] >= 0x80 || (unsigned char)s[p + 1] >= 0x80) return;
    switch (rndn(3)) {
    case 0: { char t = s[p]; s[p] = s[p + 1]; s[p + 1] = t; break; }
    case 1: memmove(s + p, s + p + 1, n - p); break;
    default: memmove(s + p + 1, s + p, n - p + 1); break;
    }
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Percentiles of the per-query times, and the share of all query time the slowest tenth
 * takes. Sorts lat. */
static void print_latency(float *lat, long n)
{
    if (n <= 0) return;
    qsort(lat, (size_t)n, sizeof *lat, cmp_float);
    double total = 0, slow = 0;
    for (long i = 0; i < n; i++) {
        total += lat[i];
        if (i >= n - n / 10) slow += lat[i];
    }
    printf("per query: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us; the slowest 10%% take %.1f%% of the time\n",
           lat[n / 2], lat[n * 9 / 10], lat[n * 99 / 100], lat[n - 1], total > 0 ? 100.0 * slow / total : 0.0);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* This thread's own CPU time: on a shared machine it moves less than the wall clock,
 * which also counts the time another job held the core. */
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    long nent = argc > 1 ? atol(argv[1]) : 1000000, nq = argc > 2 ? atol(argv[2]) : 100000;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 42;
    if (nent < 1 || nq < 2) {
        fprintf(stderr, "usage: bench_match [N_ENTITIES] [N_QUERIES] [SEED]\n");
        return 2;
    }
    rng_state = seed;
    mh_err e;
    mh_err_clear(&e);
    gname *list = malloc((size_t)nent * sizeof *list);
    uint64_t *keys = malloc((size_t)nent * sizeof *keys);
    if (!list || !keys) return 1;
    mh_match_index *ix;
    if (mh_match_index_new(&ix, &e) != MH_OK) return 1;
    double t0 = now();
    char name[512], id[32], year[8], *country;
    int scripts[6] = {0};
    for (long i = 0; i < nent; i++) {
        gname g = gen();
        list[i] = g;
        keys[i] = gkey(&g);
        render(&g, g.native ? 0 : 1, 0, name);
        snprintf(id, sizeof id, "w%07ld", i);
        const char *v_name[1] = {name}, *v_cc[1], *v_by[1] = {year};
        country = (char *)cc[g.culture == C_ORG ? 5 - (int)(i % 2) : g.culture == C_EN ? 4 : g.culture];
        v_cc[0] = country;
        snprintf(year, sizeof year, "%d", g.year);
        mh_prop props[3] = {{"name", v_name, 1}, {"country", v_cc, 1}, {"birthDate", v_by, 1}};
        mh_entity ent = {id, g.culture == C_ORG ? "Company" : "Person", props, g.year ? 3u : 2u};
        if (mh_match_index_add(ix, &ent, NULL, &e) != MH_OK) {
            fprintf(stderr, "bench_match: %s\n", e.msg);
            return 1;
        }
        scripts[g.culture] += g.native;
    }
    double t_add = now() - t0;
    if (mh_match_index_build(ix, &e) != MH_OK) {
        fprintf(stderr, "bench_match: %s\n", e.msg);
        return 1;
    }
    double t_build = now() - t0;
    qsort(keys, (size_t)nent, sizeof *keys, cmp_u64);

    /* Queries: even = a perturbed list entry, odd = a name the list does not hold. */
    typedef struct q {
        char name[160];
        char year[8];
        char want[24]; /* the target's id, written before the clock starts */
        long target;
        int kind;
    } q;
    q *qs = malloc((size_t)nq * sizeof *qs);
    if (!qs) return 1;
    static const char *const kind_name[] = {"transliterated", "native script", "order swapped", "typo",
                                            "split/joined", "initial", "middle dropped", "as listed"};
    long kind_n[8] = {0}, kind_hit[8] = {0};
    for (long i = 0; i < nq; i++) {
        q *x = &qs[i];
        x->year[0] = '\0';
        if (i % 2 == 0) {
            long t = (long)(rnd() % (uint64_t)nent);
            const gname *g = &list[t];
            x->target = t;
            snprintf(x->want, sizeof x->want, "w%07ld", t);
            bool latin_list = !g->native;
            bool has_native = g->culture != C_EN && g->culture != C_ORG;
            int r = rndn(100), flags = 0, form = 1;
            if (!latin_list) x->kind = 0;                          /* list native, query Latin */
            else if (has_native && r < 25) { form = 0; x->kind = 1; } /* list Latin, query native */
            else x->kind = 7;
            if (form == 1) {
                int p = rndn(100);
                if (p < 25) { flags |= P_SWAP; x->kind = 2; }
                else if (p < 50) x->kind = 3;
                else if (p < 65 && (g->culture == C_ZH || g->culture == C_KO)) { flags |= P_SPLIT; x->kind = 4; }
                else if (p < 70 && g->culture != C_ORG && g->culture != C_ZH && g->culture != C_KO) { flags |= P_INITIAL; x->kind = 5; }
                else if (p < 80 && g->culture == C_EN && g->g2 != 255) { flags |= P_NOMIDDLE; x->kind = 6; }
            }
            render(g, form, flags, x->name);
            if (x->kind == 3) typo(x->name);
            if (g->year && rndn(10) < 3) snprintf(x->year, sizeof x->year, "%d", g->year);
            kind_n[x->kind]++;
        } else {
            gname g;
            uint64_t k;
            do {
                g = gen();
                k = gkey(&g);
            } while (bsearch(&k, keys, (size_t)nent, sizeof k, cmp_u64));
            render(&g, rndn(2) ? 1 : (g.culture == C_EN || g.culture == C_ORG ? 1 : 0), 0, x->name);
            x->target = -1;
            if (g.year && rndn(10) < 3) snprintf(x->year, sizeof x->year, "%d", g.year);
        }
    }

    mh_match_searcher *s;
    if (mh_match_searcher_new(ix, &s, &e) != MH_OK) return 1;
    mh_match_opts o = {.threshold = MH_MATCH_SHOW, .limit = 50};
    long tp = 0, top1 = 0, shown = 0, nonmatch_flag = 0, ntrue = 0, nfalse = 0, hits_total = 0;
    int verbose = getenv("BENCH_MATCH_VERBOSE") ? atoi(getenv("BENCH_MATCH_VERBOSE")) : 0, nmiss = 0, nfp = 0;
    /* Each query's own time too: the rate is a mean, and a mean hides whether a few
     * queries (a common part, an initial) cost most of it. */
    float *lat = malloc((size_t)nq * sizeof *lat);
    if (!lat) return 1;
    /* Every query's hits, one line each, so two builds can be held to the same results
     * (diff the files) when a change is meant to be faster and nothing else. */
    FILE *dump = getenv("BENCH_MATCH_DUMP") ? fopen(getenv("BENCH_MATCH_DUMP"), "w") : NULL;
    if (getenv("BENCH_MATCH_DUMP") && !dump) {
        fprintf(stderr, "bench_match: cannot write %s\n", getenv("BENCH_MATCH_DUMP"));
        return 1;
    }
    double t1 = now(), c1 = cpu_now();
    for (long i = 0; i < nq; i++) {
        q *x = &qs[i];
        mh_match_hits h;
        double tq = now();
        if (mh_match_search_name(s, x->name, NULL, x->year[0] ? x->year : NULL, &o, &h, &e) != MH_OK) {
            fprintf(stderr, "bench_match: query %ld: %s\n", i, e.msg);
            return 1;
        }
        lat[i] = (float)((now() - tq) * 1e6);
        hits_total += (long)h.n;
        if (dump) {
            fprintf(dump, "%ld", i);
            for (size_t k = 0; k < h.n; k++) fprintf(dump, " %s:%.4f", h.v[k].entity_id, h.v[k].score);
            fputc('\n', dump);
        }
        if (x->target >= 0) {
            ntrue++;
            const char *want = x->want;
            for (size_t k = 0; k < h.n; k++) {
                if (strcmp(h.v[k].entity_id, want) != 0) continue;
                shown++;
                if (h.v[k].score >= MH_MATCH_FLAG) {
                    tp++;
                    kind_hit[x->kind]++;
                }
                if (h.v[k].score >= h.v[0].score) top1++;
                break;
            }
            if (verbose && nmiss < verbose && !(h.n && tp && strcmp(h.v[0].entity_id, want) == 0)) {
                bool found = false;
                for (size_t k = 0; k < h.n; k++) found = found || (strcmp(h.v[k].entity_id, want) == 0 && h.v[k].score >= MH_MATCH_FLAG);
                if (!found) {
                    char listed[512];
                    render(&list[x->target], list[x->target].native ? 0 : 1, 0, listed);
                    printf("MISS %-15s query \"%s\" listed \"%s\" (%zu hits, best %.3f %s)\n", kind_name[x->kind], x->name, listed,
                           h.n, h.n ? h.v[0].score : 0.0, h.n ? h.v[0].name : "");
                    nmiss++;
                    if (verbose > 1000) {
                        mh_match_opts lo = {.threshold = 0.01, .limit = 50};
                        mh_match_hits h2;
                        mh_match_search_name(s, x->name, NULL, x->year[0] ? x->year : NULL, &lo, &h2, &e);
                        for (size_t k = 0; k < h2.n; k++)
                            if (strcmp(h2.v[k].entity_id, want) == 0) printf("   target at %zu with %.3f\n", k, h2.v[k].score);
                        printf("   %zu hits at 0.01\n", h2.n);
                    }
                }
            }
        } else {
            nfalse++;
            if (h.n && h.v[0].score >= MH_MATCH_FLAG) {
                nonmatch_flag++;
                if (verbose && nfp++ < verbose)
                    printf("FLAG query \"%s\" -> \"%s\" %.3f\n", x->name, h.v[0].name, h.v[0].score);
            }
        }
    }
    double t_q = now() - t1, c_q = cpu_now() - c1;
    if (dump) fclose(dump);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench_match: %ld watch-list entities (native script: %d Cyrillic, %d Han, %d Hangul, %d Greek), "
           "%ld queries, seed %llu\n",
           nent, scripts[C_RU], scripts[C_ZH], scripts[C_KO], scripts[C_EL], nq, (unsigned long long)seed);
    printf("index: add %.2f s, build %.2f s total (%.0f entities/s)\n", t_add, t_build, (double)nent / t_build);
    printf("queries: %.2f s, %.0f queries/s on one core (%.1f us/query), %.2f hits/query at >= %.2f\n", t_q,
           (double)nq / t_q, t_q / (double)nq * 1e6, (double)hits_total / (double)nq, MH_MATCH_SHOW);
    printf("query CPU time: %.2f s, %.0f queries per CPU second (%.1f us/query)\n", c_q, (double)nq / c_q,
           c_q / (double)nq * 1e6);
    print_latency(lat, nq);
    free(lat);
    printf("peak memory (ru_maxrss): %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    printf("true matches: %ld; recall at %.2f: %.4f; listed at >= %.2f: %.4f; target ranked first (ties count): %.4f\n",
           ntrue, MH_MATCH_FLAG, (double)tp / (double)ntrue, MH_MATCH_SHOW, (double)shown / (double)ntrue,
           (double)top1 / (double)ntrue);
    for (int k = 0; k < 8; k++)
        if (kind_n[k])
            printf("  %-15s %6ld queries, recall at %.2f: %.4f\n", kind_name[k], kind_n[k], MH_MATCH_FLAG,
                   (double)kind_hit[k] / (double)kind_n[k]);
    printf("non-matches: %ld; flagged at %.2f: %.4f (a flag here may still be a namesake: the\n"
           "  generator only rules out the same syllables, not a name spelled the same from others)\n",
           nfalse, MH_MATCH_FLAG, (double)nonmatch_flag / (double)nfalse);
    mh_match_searcher_free(s);
    mh_match_index_free(ix);
    free(qs);
    free(list);
    free(keys);
    return 0;
}
