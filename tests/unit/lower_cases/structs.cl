// SPDX-License-Identifier: MIT
typedef struct {
    int a;
    float b;
    char c;
    long d;
    float4 v;
} params;

kernel void byval(global float *out, params p, int scale)
{
    int i = get_global_id(0);
    out[i] = (p.a + p.b + p.c + (float)p.d + p.v.x + p.v.w) * scale + i;
}

typedef struct {
    int key;
    short tag;
    float w[3];
} item;

kernel void copy_items(global item *dst, global const item *src)
{
    int i = get_global_id(0);
    item t = src[i];
    t.key += 1;
    t.w[2] = t.w[0] + t.w[1];
    dst[i] = t;
}
