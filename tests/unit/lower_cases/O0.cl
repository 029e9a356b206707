// SPDX-License-Identifier: MIT
// Built with -O0: every variable lives in a Function OpVariable.
int square(int x)
{
    return x * x;
}

kernel void unoptimized(global int *out, global const int *in, int n)
{
    int i = get_global_id(0);
    int acc = 0;
    int tmp[4] = {1, 2, 3, 4};
    for (int k = 0; k < n; k++) {
        if (in[k] % 2 == 0)
            acc += square(in[k]);
        else
            acc -= tmp[k & 3];
    }
    float4 v = (float4)(acc, i, 1.0f, 2.0f);
    out[i] = acc + (int)(v.y * v.w);
}
