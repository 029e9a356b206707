// SPDX-License-Identifier: MIT
__attribute__((noinline)) float poly(float x, int deg)
{
    float r = 1.0f;
    for (int k = 0; k < deg; k++)
        r = r * x + 1.0f;
    return r;
}

__attribute__((noinline)) float4 twice(float4 v)
{
    return v + v;
}

kernel void first(global float *out, int deg)
{
    int i = get_global_id(0);
    out[i] = poly((float)i, deg);
}

kernel void second(global float *out)
{
    int i = get_global_id(0);
    float4 t = twice((float4)(poly(2.0f, 3), i, 0, 1));
    out[i] = t.x + t.y;
}
