/* Names: a mixed pool for the covered workforce (drawn independently of anything a
 * detector may look at: names carry no insider signal), Latin-script pools for foreign
 * contacts, and native-script names for intelligence officers with the Latin alias the
 * watch list carries and a variant spelling the organisation's own records use (pinyin
 * vs Wade-Giles or surname order, Cyrillic transliteration schemes, Persian spellings). */
#include <ctype.h>
#include <string.h>

#include "sim_internal.h"

static const char *const us_female[] = {
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
    "Nancy", "Lisa", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle",
    "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Candace",
    "Maria", "Rosa", "Mei", "Priya", "Aisha", "Fatima", "Yolanda", "Keisha", "Hana", "Olga",
    "Leah", "Miriam", "Grace", "Nadia", "Lucia", "Ana", "Tamika", "Ji-woo", "Linh", "Siobhan"};
static const char *const us_male[] = {
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas", "Charles",
    "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul", "Andrew", "Joshua",
    "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Jason", "Edward", "Jeffrey", "Ryan",
    "Jose", "Carlos", "Wei", "Raj", "Omar", "Ahmed", "DeShawn", "Jamal", "Hiroshi", "Ivan",
    "Samuel", "Aaron", "Patrick", "Sean", "Luis", "Miguel", "Tyrone", "Min-jun", "Duc", "Liam"};
static const char *const us_last[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Claiborne", "Chen", "Wang", "Kim", "Park", "Patel", "Shah", "Khan", "Ali", "Cohen",
    "Levy", "O'Brien", "Murphy", "Sullivan", "Kowalski", "Novak", "Ivanov", "Petrov", "Rossi", "Russo",
    "Müller", "Schmidt", "Dubois", "Tanaka", "Suzuki", "Okafor", "Mensah", "Haddad", "Nasser", "Jensen",
    "Larsen", "Olsen", "Fischer", "Weber", "Washington", "Jefferson", "Freeman", "Banks", "Price", "Bennett",
    "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell", "Long", "Patterson"};

void sim_name_us(sim_rng *r, bool female, sim_name *out)
{
    const char *f = female ? SIM_PICK(r, us_female) : SIM_PICK(r, us_male);
    const char *l = SIM_PICK(r, us_last);
    snprintf(out->first, sizeof out->first, "%s", f);
    snprintf(out->last, sizeof out->last, "%s", l);
    snprintf(out->full, sizeof out->full, "%s %s", f, l);
}

typedef struct {
    const char *country;
    const char *const *female, *const *male, *const *last;
    size_t nf, nm, nl;
} latin_pool;

static const char *const de_f[] = {"Anna", "Katrin", "Sabine", "Julia"}, *const de_m[] = {"Jonas", "Stefan", "Lukas", "Klaus"},
                  *const de_l[] = {"Becker", "Hoffmann", "Schulz", "Wagner"};
static const char *const fr_f[] = {"Camille", "Claire", "Sophie"}, *const fr_m[] = {"Julien", "Pierre", "Luc"},
                  *const fr_l[] = {"Moreau", "Lefebvre", "Girard", "Bernard"};
static const char *const es_f[] = {"Lucia", "Carmen", "Sofia", "Elena"}, *const es_m[] = {"Javier", "Alejandro", "Diego", "Pablo"},
                  *const es_l[] = {"Hernandez", "Morales", "Castillo", "Vargas", "Ortega"};
static const char *const cn_f[] = {"Li Na", "Wang Fang", "Zhang Min", "Liu Yang"}, *const cn_m[] = {"Zhang Wei", "Li Qiang", "Chen Jie", "Zhao Lei"},
                  *const cn_l[] = {"Zhang", "Li", "Wang", "Chen", "Zhao", "Yang"};
static const char *const ru_f[] = {"Anna", "Olga", "Tatiana", "Elena"}, *const ru_m[] = {"Dmitry", "Alexei", "Mikhail", "Andrei"},
                  *const ru_l[] = {"Smirnov", "Popov", "Volkov", "Sokolov", "Lebedev"};
static const char *const in_f[] = {"Priya", "Ananya", "Divya"}, *const in_m[] = {"Arjun", "Rahul", "Vikram"},
                  *const in_l[] = {"Sharma", "Iyer", "Reddy", "Gupta"};
static const char *const gen_f[] = {"Maria", "Grace", "Amina", "Yuki", "Minh", "Ewa", "Noa", "Ayse"},
                  *const gen_m[] = {"Kofi", "Hiro", "Tuan", "Piotr", "Yosef", "Emre", "Mateo", "Marco"},
                  *const gen_l[] = {"Santos", "Reyes", "Okonkwo", "Sato", "Tran", "Kowalczyk", "Levi", "Yilmaz", "Silva", "Bianchi"};
static const char *const ir_f[] = {"Maryam", "Zahra", "Leila"}, *const ir_m[] = {"Ali", "Reza", "Hossein"},
                  *const ir_l[] = {"Hosseini", "Ahmadi", "Karimi", "Rahimi"};

#define POOL(c, f, m, l) {c, f, m, l, MH_ARRAY_LEN(f), MH_ARRAY_LEN(m), MH_ARRAY_LEN(l)}
static const latin_pool pools[] = {
    POOL("de", de_f, de_m, de_l), POOL("fr", fr_f, fr_m, fr_l), POOL("mx", es_f, es_m, es_l),
    POOL("es", es_f, es_m, es_l), POOL("br", es_f, es_m, es_l), POOL("cn", cn_f, cn_m, cn_l),
    POOL("ru", ru_f, ru_m, ru_l), POOL("ua", ru_f, ru_m, ru_l), POOL("in", in_f, in_m, in_l),
    POOL("ir", ir_f, ir_m, ir_l),
};

void sim_name_foreign(sim_rng *r, const char *country, bool female, sim_name *out)
{
    const latin_pool *p = NULL;
    for (size_t i = 0; i < MH_ARRAY_LEN(pools); i++)
        if (strcmp(pools[i].country, country) == 0) p = &pools[i];
    static const latin_pool gen = POOL("", gen_f, gen_m, gen_l);
    if (!p) p = &gen;
    const char *f = female ? p->female[sim_rng_below(r, (uint32_t)p->nf)] : p->male[sim_rng_below(r, (uint32_t)p->nm)];
    const char *l = p->last[sim_rng_below(r, (uint32_t)p->nl)];
    if (strcmp(country, "cn") == 0) {
        /* Chinese given names here are "Surname Given": take the given part, new surname. */
        const char *sp = strchr(f, ' ');
        f = sp ? sp + 1 : f;
        snprintf(out->first, sizeof out->first, "%s", f);
        snprintf(out->last, sizeof out->last, "%s", l);
        snprintf(out->full, sizeof out->full, "%s %s", l, f);
        return;
    }
    snprintf(out->first, sizeof out->first, "%s", f);
    if (strcmp(country, "ru") == 0 && female) snprintf(out->last, sizeof out->last, "%sa", l);
    else snprintf(out->last, sizeof out->last, "%s", l);
    snprintf(out->full, sizeof out->full, "%s %s", out->first, out->last);
}

/* Native-script names with two Latin renderings: {native, watch-list Latin, variant}. */
typedef struct {
    const char *nat, *lat, *var;
} tri;

static const tri zh_sur[] = {{"王", "Wang", "Wong"},   {"李", "Li", "Lee"},      {"张", "Zhang", "Chang"},
                             {"刘", "Liu", "Liou"},    {"陈", "Chen", "Chan"},   {"杨", "Yang", "Yeung"},
                             {"赵", "Zhao", "Chao"},   {"周", "Zhou", "Chou"},   {"徐", "Xu", "Hsu"},
                             {"孙", "Sun", "Suen"},    {"马", "Ma", "Mah"},      {"朱", "Zhu", "Chu"}};
static const tri zh_given[] = {{"建国", "Jianguo", "Chien-kuo"}, {"伟", "Wei", "Wai"},      {"晓明", "Xiaoming", "Hsiao-ming"},
                               {"志强", "Zhiqiang", "Chih-chiang"}, {"海", "Hai", "Hoi"},    {"俊", "Jun", "Chun"},
                               {"丽华", "Lihua", "Li-hua"},     {"秀英", "Xiuying", "Hsiu-ying"}, {"静", "Jing", "Ching"},
                               {"国强", "Guoqiang", "Kuo-chiang"}, {"勇", "Yong", "Yung"},   {"磊", "Lei", "Lui"}};
static const tri ru_given_m[] = {{"Сергей", "Sergei", "Sergey"},   {"Алексей", "Alexei", "Aleksey"}, {"Дмитрий", "Dmitri", "Dmitriy"},
                                 {"Юрий", "Yuri", "Iouri"},       {"Андрей", "Andrei", "Andrey"},   {"Михаил", "Mikhail", "Michail"},
                                 {"Владимир", "Vladimir", "Wladimir"}, {"Николай", "Nikolai", "Nikolay"}};
static const tri ru_given_f[] = {{"Анна", "Anna", "Ana"}, {"Ольга", "Olga", "Olha"}, {"Наталья", "Natalia", "Natalya"},
                                 {"Юлия", "Yulia", "Julia"}, {"Екатерина", "Ekaterina", "Yekaterina"}};
static const tri ru_sur[] = {{"Кузнецов", "Kuznetsov", "Kouznetsov"}, {"Соколов", "Sokolov", "Sokoloff"},
                             {"Морозов", "Morozov", "Morosov"},       {"Фёдоров", "Fedorov", "Fyodorov"},
                             {"Щербаков", "Shcherbakov", "Scherbakov"}, {"Жуков", "Zhukov", "Joukov"},
                             {"Ковалёв", "Kovalev", "Kovalyov"},      {"Васильев", "Vasilyev", "Vassiliev"}};
static const tri fa_given_m[] = {{"محمد", "Mohammad", "Mohammed"}, {"حسین", "Hossein", "Hussein"},
                                 {"رضا", "Reza", "Riza"}, {"مهدی", "Mahdi", "Mehdi"}};
static const tri fa_given_f[] = {{"مریم", "Maryam", "Mariam"}, {"زهرا", "Zahra", "Zahrah"}, {"فاطمه", "Fatemeh", "Fatima"}};
static const tri fa_sur[] = {{"رضایی", "Rezaei", "Rezaie"}, {"حسینی", "Hosseini", "Husseini"},
                             {"کریمی", "Karimi", "Karimy"}, {"موسوی", "Mousavi", "Musavi"}, {"جعفری", "Jafari", "Jaafari"}};

void sim_name_native(sim_rng *r, const char *country, bool female, sim_native_name *out)
{
    int style = (int)sim_rng_below(r, 3);
    if (strcmp(country, "cn") == 0) {
        const tri *s = &SIM_PICK(r, zh_sur), *g = &SIM_PICK(r, zh_given);
        snprintf(out->native, sizeof out->native, "%s%s", s->nat, g->nat);
        snprintf(out->latin, sizeof out->latin, "%s %s", s->lat, g->lat);
        if (style == 0) snprintf(out->variant, sizeof out->variant, "%s %s", g->lat, s->lat);      /* Western order */
        else if (style == 1) snprintf(out->variant, sizeof out->variant, "%s %s", s->var, g->var); /* Wade-Giles etc. */
        else snprintf(out->variant, sizeof out->variant, "%s %s", g->var, s->lat);
        return;
    }
    if (strcmp(country, "ru") == 0) {
        const tri *g = female ? &SIM_PICK(r, ru_given_f) : &SIM_PICK(r, ru_given_m), *s = &SIM_PICK(r, ru_sur);
        const char *fa = female ? "а" : "", *la = female ? "a" : "";
        snprintf(out->native, sizeof out->native, "%s %s%s", g->nat, s->nat, fa);
        snprintf(out->latin, sizeof out->latin, "%s %s%s", g->lat, s->lat, la);
        if (style == 0) snprintf(out->variant, sizeof out->variant, "%s %s%s", g->var, s->var, la);
        else if (style == 1) snprintf(out->variant, sizeof out->variant, "%s%s %s", s->lat, la, g->var);
        else snprintf(out->variant, sizeof out->variant, "%c. %s%s", g->lat[0], s->var, la);
        return;
    }
    const tri *g = female ? &SIM_PICK(r, fa_given_f) : &SIM_PICK(r, fa_given_m), *s = &SIM_PICK(r, fa_sur);
    snprintf(out->native, sizeof out->native, "%s %s", g->nat, s->nat);
    snprintf(out->latin, sizeof out->latin, "%s %s", g->lat, s->lat);
    if (style == 0) snprintf(out->variant, sizeof out->variant, "%s %s", g->var, s->var);
    else snprintf(out->variant, sizeof out->variant, "%s %s", g->lat, s->var);
    if (style == 2) snprintf(out->variant, sizeof out->variant, "%s %s", g->var, s->lat);
}

const char *sim_lower_ascii(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; *s && j + 1 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) && c < 128) out[j++] = (char)tolower(c);
        else if (c == '-' || c == '.') out[j++] = (char)c;
    }
    out[j] = '\0';
    return out;
}
