// SPDX-License-Identifier: MIT
constant int primes[8] = {2, 3, 5, 7, 11, 13, 17, 19};
constant float scale = 0.5f;
global int calls = 100;
global long big[4] = {1, -1, 0x123456789abcdefL, 0};

kernel void use_globals(global int *out)
{
    int i = get_global_id(0);
    out[i] = primes[i & 7] * 2 + (int)(scale * 4);
    atomic_inc(&calls);
    if (i == 0)
        big[3] = big[2] + big[1];
}

kernel void read_globals(global int *out, global long *l)
{
    out[0] = calls;
    l[0] = big[3];
}
