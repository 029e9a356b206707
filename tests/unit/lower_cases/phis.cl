// SPDX-License-Identifier: MIT
// Loops whose phis read each other (parallel copies) and scalar/vector arguments.
kernel void fib(global ulong *out, int n)
{
    ulong a = 0, b = 1;
    for (int k = 0; k < n + (int)get_global_id(0); k++) {
        ulong t = a + b;
        a = b;
        b = t;
    }
    out[get_global_id(0)] = a;
}

kernel void swap_loop(global int *out, int n)
{
    int x = 1, y = 2, z = 3;
    for (int k = 0; k < n; k++) {
        int t = x;
        x = y;
        y = z;
        z = t;
    }
    out[0] = x * 100 + y * 10 + z;
}

kernel void args(global float *out, float3 v, uchar c, short s, double d, long l)
{
    out[0] = v.x + v.y * 10 + v.z * 100;
    out[1] = c;
    out[2] = s;
    out[3] = (float)d;
    out[4] = (float)l;
}
