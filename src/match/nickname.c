/* Given names that stand for one another: English and Russian diminutives and the
 * common cross-language forms of one name (Mikhail ~ Michael). Spelling distance cannot
 * find these (Bill is nothing like William), so the scorer asks this table when two name
 * parts are far apart. Each line is one group; a name may sit in several groups (alex).
 * The table is written for molehunt; spellings are the normalised (lower-case ASCII) forms
 * the normaliser produces, so a Cyrillic Саша arrives here as "sasha". Korean surnames
 * get the same treatment: Lee, Yi, Rhee and Ri are one name written four ways. */
#include "match_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const groups[] = {
    "william bill billy will willy liam",
    "robert bob bobby rob robbie bert",
    "richard dick rick ricky rich richie",
    "james jim jimmy jamie",
    "john jack johnny jon",
    "jonathan jon jonny",
    "thomas tom tommy",
    "joseph joe joey",
    "edward ed eddie ted teddy ned",
    "charles charlie chuck chas",
    "anthony tony",
    "christopher chris kit",
    "daniel dan danny",
    "david dave davey",
    "matthew matt",
    "andrew andy drew",
    "stephen steven steve",
    "benjamin ben benny",
    "samuel sam sammy",
    "nicholas nick nicky",
    "patrick pat paddy",
    "peter pete pyotr petr",
    "timothy tim timmy",
    "frederick fred freddie",
    "henry harry hank",
    "lawrence larry",
    "leonard leo len lenny",
    "gregory greg",
    "kenneth ken kenny",
    "ronald ron ronnie",
    "donald don donnie",
    "raymond ray",
    "gerald gerry jerry",
    "elizabeth liz lizzie beth betty bess lisa eliza",
    "margaret maggie peggy meg madge",
    "katherine catherine kate kathy katie cathy",
    "susan sue susie",
    "deborah debbie deb",
    "jennifer jen jenny",
    "rebecca becky",
    "victoria vicky tori",
    "patricia pat patty trish",
    "barbara barb babs",
    "dorothy dot dottie",
    "aleksandr alexander aleksander oleksandr sasha sanya shura alex sanek",
    "aleksandra alexandra sasha shura alexa",
    "aleksei alexei aleksey alexey oleksiy alyosha lyosha alex",
    "mikhail michael mykhailo misha mike mikhail mick",
    "dmitry dmitri dmitriy dima mitya",
    "vladimir volodymyr volodya vova vovka",
    "ivan vanya ivanushka",
    "nikolai nikolay mykola kolya",
    "sergei sergey serhiy seryozha serezha",
    "yevgeny evgeny yevgeniy evgeniy zhenya",
    "pavel paul pasha",
    "konstantin kostya",
    "anatoly anatoliy tolya",
    "viktor victor vitya",
    "boris borya",
    "grigory grigoriy gregory grisha",
    "yuri yuriy yury yura george",
    "leonid lyonya lenya",
    "vyacheslav slava",
    "stanislav stas slava",
    "yaroslav slava",
    "igor igoryok",
    "roman roma",
    "maksim maxim max",
    "anastasia nastya",
    "yekaterina ekaterina katya katerina",
    "yelena elena lena helen helena",
    "natalia natalya nataliya natasha",
    "maria mariya masha mary",
    "anna anya anyuta ann anne",
    "tatiana tatyana tanya",
    "olga olya",
    "svetlana sveta lana",
    "lyudmila ludmila luda mila",
    "irina ira",
    "yulia yuliya julia yulya",
    "giuseppe beppe peppe joseph",
    "francesco franco cesco",
    "francisco paco pancho",
    "jose pepe",
    "guillermo memo william",
    "johann hans johannes",
    "wolfgang wolf",
    "mohammed muhammad mohammad mohamed muhammed",
    /* Korean surnames: the spellings South and North Korean and older lists use. */
    "lee yi rhee ri",
    "park pak bak",
    "choi choe chey",
    "jung jeong chung",
    "kang gang",
    "cho jo",
    "yoon yun",
    "lim im rim",
    "shin sin",
    "kwon gwon",
    "ahn an",
    "ryu yoo yu",
    "roh noh no",
    "moon mun",
    NULL,
};

#define NICK_SLOTS 1024u
#define NICK_GROUPS 8
typedef struct nick_slot {
    const char *s;
    uint8_t len, ngroups;
    uint16_t group[NICK_GROUPS];
} nick_slot; /* mm_nick */

static nick_slot slots[NICK_SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static nick_slot *find(const char *s, size_t len, bool create)
{
    size_t i = mh_hash64(s, len, 7) & (NICK_SLOTS - 1);
    for (; slots[i].s; i = (i + 1) & (NICK_SLOTS - 1))
        if (slots[i].len == len && memcmp(slots[i].s, s, len) == 0) return &slots[i];
    if (!create) return NULL;
    slots[i].s = s;
    slots[i].len = (uint8_t)len;
    return &slots[i];
}

static void build(void)
{
    for (uint16_t g = 0; groups[g]; g++) {
        const char *p = groups[g];
        while (*p) {
            const char *q = strchr(p, ' ');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            nick_slot *sl = find(p, len, true);
            if (sl->ngroups < NICK_GROUPS) sl->group[sl->ngroups++] = g;
            else abort(); /* a name in more groups than a slot holds: a bug, caught by any test */
            p += len;
            while (*p == ' ') p++;
        }
    }
}

const mm_nick *mm_nickname_entry(const char *a, int la)
{
    pthread_once(&once, build);
    return find(a, (size_t)la, false);
}

bool mm_nickname_of(const mm_nick *x, const char *b, int lb)
{
    const nick_slot *y = x ? find(b, (size_t)lb, false) : NULL;
    if (!y) return false;
    for (int i = 0; i < x->ngroups; i++)
        for (int j = 0; j < y->ngroups; j++)
            if (x->group[i] == y->group[j]) return true;
    return false;
}

bool mm_nickname(const char *a, int la, const char *b, int lb)
{
    return mm_nickname_of(mm_nickname_entry(a, la), b, lb);
}
