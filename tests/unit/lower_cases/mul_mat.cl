// SPDX-License-Identifier: MIT
// The project's first example: r = a * b for m x m matrices.
kernel void mul_mat(global float *r, global const float *a, global const float *b, int m)
{
    int i = get_global_id(0), j = get_global_id(1);
    float s = 0;
    for (int k = 0; k < m; k++)
        s += a[i * m + k] * b[k * m + j];
    r[i * m + j] = s;
}
