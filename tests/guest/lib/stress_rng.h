/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stress test's random numbers: splitmix64, small and deterministic.
 * Every process and thread derives its own stream from the seed and its
 * indices, so a failing run replays from the seed it printed.
 */
#ifndef STRESS_RNG_H
#define STRESS_RNG_H

#include <stdint.h>

struct stress_rng {
	uint64_t s;
};

static inline uint64_t stress_rng_next(struct stress_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform enough in [0, n) for the small n used here; 0 if n is 0. */
static inline uint64_t stress_rng_below(struct stress_rng *r, uint64_t n)
{
	return n ? stress_rng_next(r) % n : 0;
}

/* True with probability 1/n. */
static inline int stress_rng_one_in(struct stress_rng *r, uint64_t n)
{
	return stress_rng_below(r, n) == 0;
}

/* The stream of (a, b) under seed: e.g. (process, thread). */
static inline struct stress_rng stress_rng_derive(uint64_t seed, uint64_t a,
						 uint64_t b)
{
	struct stress_rng r = { seed };
	struct stress_rng m = { (a << 32 | b) ^ 0x5eed5eed5eed5eedull };

	r.s ^= stress_rng_next(&m);
	stress_rng_next(&r);
	return r;
}

#endif
