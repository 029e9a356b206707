/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The fuzzers' random numbers: xorshift64*, small and deterministic, so a
 * seed reproduces a run. One generator per program (static state).
 */
#ifndef HMMGPU_RNG_H
#define HMMGPU_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static inline void rng_seed(uint64_t seed)
{
	/* Never zero, which xorshift would keep forever. */
	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
}

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* A number in [0, @n). */
static inline uint64_t below(uint64_t n)
{
	return rnd() % n;
}

#endif /* HMMGPU_RNG_H */
