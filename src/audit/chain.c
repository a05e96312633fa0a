/* How one audit entry is hashed. Every field is length-prefixed so that no two different
 * entries feed the MAC the same bytes ("ab"+"c" vs "a"+"bc"), and a NULL object differs
 * from an empty one. The previous entry's hash goes in first: that is the chain. */
#include "audit_int.h"

#include <string.h>

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
    crypto_generichash_update(h, b, sizeof b);
}

static void put_text(crypto_generichash_state *h, const char *s)
{
    if (!s) {
        put_u64(h, UINT64_MAX);
        return;
    }
    size_t n = strlen(s);
    put_u64(h, (uint64_t)n);
    crypto_generichash_update(h, (const unsigned char *)s, n);
}

void mh_audit_entry_hash(const mh_audit_key *k, const mh_audit_entry *en, char out[MH_AUDIT_HEX])
{
    crypto_generichash_state h;
    unsigned char mac[MH_AUDIT_HASH_BYTES];
    crypto_generichash_init(&h, k->k, sizeof k->k, sizeof mac);
    crypto_generichash_update(&h, (const unsigned char *)"molehunt-audit-v1", 17);
    put_text(&h, en->prev_hash);
    put_u64(&h, (uint64_t)en->at);
    put_text(&h, en->actor);
    put_text(&h, en->action);
    put_text(&h, en->object);
    put_text(&h, en->detail);
    crypto_generichash_final(&h, mac, sizeof mac);
    sodium_bin2hex(out, MH_AUDIT_HEX, mac, sizeof mac);
}
