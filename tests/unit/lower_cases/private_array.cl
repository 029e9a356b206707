// SPDX-License-Identifier: MIT
kernel void histogram(global int *out, global const int *in, int n)
{
    int counts[16];
    for (int k = 0; k < 16; k++)
        counts[k] = 0;
    int base = get_global_id(0) * n;
    for (int k = 0; k < n; k++)
        counts[in[base + k] & 15]++;
    int acc = 0;
    for (int k = 0; k < 16; k++) {
        acc = acc * 3 + counts[k];
        out[get_global_id(0) * 16 + k] = counts[k];
    }
    out[get_global_size(0) * 16 + get_global_id(0)] = acc;
}
