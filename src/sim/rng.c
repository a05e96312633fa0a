/* The simulator's random numbers: xoshiro256** (Blackman & Vigna, 2018), seeded through
 * splitmix64 from (world seed, stream, index). Every part of the world draws from its own
 * stream (one per person-day for activity, one per incident, ...), so the output is a pure
 * function of the arguments and adding a draw in one place never shifts another. The C
 * library's rand() is neither portable across libcs nor seedable per stream. */
#include <math.h>

#include "sim_internal.h"

uint64_t sim_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void sim_rng_seed(sim_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = sim_mix64(seed) ^ sim_mix64(stream * 0x632be59bd9b4e019ULL) ^ sim_mix64(index + 0x5851f42d4c957f2dULL);
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        r->s[i] = sim_mix64(x);
    }
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1;
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t sim_rng_u64(sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

double sim_rng_unit(sim_rng *r) { return (double)(sim_rng_u64(r) >> 11) * 0x1.0p-53; }

uint32_t sim_rng_below(sim_rng *r, uint32_t n)
{
    if (n <= 1) return 0;
    /* Lemire's multiply-shift; the bias is below 2^-32 and deterministic anyway. */
    return (uint32_t)(((sim_rng_u64(r) >> 32) * (uint64_t)n) >> 32);
}

int64_t sim_rng_range(sim_rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) return lo;
    return lo + (int64_t)(sim_rng_u64(r) % (uint64_t)(hi - lo + 1));
}

bool sim_rng_chance(sim_rng *r, double p) { return sim_rng_unit(r) < p; }

double sim_rng_normal(sim_rng *r)
{
    /* Box-Muller, one value per call (simplicity over speed: not on the hot path). */
    double u = sim_rng_unit(r), v = sim_rng_unit(r);
    if (u < 1e-300) u = 1e-300;
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

double sim_rng_lognormal(sim_rng *r, double median, double sigma)
{
    return median * exp(sigma * sim_rng_normal(r));
}

uint32_t sim_rng_poisson(sim_rng *r, double mean)
{
    if (mean <= 0) return 0;
    if (mean < 30) {
        /* Knuth's product of uniforms: exact, cheap for the small means of daily counts. */
        double l = exp(-mean), p = 1.0;
        uint32_t k = 0;
        do {
            k++;
            p *= sim_rng_unit(r);
        } while (p > l);
        return k - 1;
    }
    /* Large means: sum of Poisson pieces keeps the law exact without a rejection sampler. */
    uint32_t k = 0;
    while (mean >= 30) {
        k += sim_rng_poisson(r, 25);
        mean -= 25;
    }
    return k + sim_rng_poisson(r, mean);
}
