// SPDX-License-Identifier: MIT
kernel void i8(global char *out, global const char *a, global const char *b)
{
    int i = get_global_id(0);
    char x = a[i], y = b[i];
    out[i * 8 + 0] = x + y;
    out[i * 8 + 1] = x * y;
    out[i * 8 + 2] = y ? x / y : 0;
    out[i * 8 + 3] = x - y;
    out[i * 8 + 4] = x >> 2;
    out[i * 8 + 5] = (uchar)x >> 2;
    out[i * 8 + 6] = max(x, y);
    out[i * 8 + 7] = x < y;
}

kernel void i16(global short *out, global const short *a, global const short *b)
{
    int i = get_global_id(0);
    short x = a[i], y = b[i];
    out[i * 6 + 0] = x - y;
    out[i * 6 + 1] = x * y;
    out[i * 6 + 2] = y ? x / y : 0;
    out[i * 6 + 3] = (ushort)x % (ushort)7;
    out[i * 6 + 4] = abs(x);
    out[i * 6 + 5] = clamp(x, (short)-100, (short)100);
}

kernel void i64(global long *out, global const long *a, global const long *b)
{
    int i = get_global_id(0);
    long x = a[i], y = b[i];
    out[i * 8 + 0] = x + y;
    out[i * 8 + 1] = x * y;
    out[i * 8 + 2] = y ? x / y : 0;
    out[i * 8 + 3] = x - y;
    out[i * 8 + 4] = x >> (y & 63);
    out[i * 8 + 5] = (ulong)x >> (y & 63);
    out[i * 8 + 6] = mul_hi(x, y);
    out[i * 8 + 7] = mul_hi((ulong)x, (ulong)y);
}

kernel void i32(global int *out, global const int *a, global const int *b)
{
    int i = get_global_id(0);
    int x = a[i], y = b[i];
    out[i * 8 + 0] = x << (y & 31);
    out[i * 8 + 1] = ~x ^ y;
    out[i * 8 + 2] = (uint)x > (uint)y;
    out[i * 8 + 3] = min(x, y);
    out[i * 8 + 4] = min((uint)x, (uint)y);
    out[i * 8 + 5] = popcount(x);
    out[i * 8 + 6] = clz(x);
    out[i * 8 + 7] = -x;
}

// Remainders apart from divisions: clang -O2 pairs them with freeze, which
// llvm-spirv-15 cannot translate.
kernel void rem(global char *o8, global long *o64, global const char *a8, global const char *b8,
                global const long *a64, global const long *b64)
{
    int i = get_global_id(0);
    o8[i] = b8[i] ? a8[i] % b8[i] : 0;
    o64[i] = b64[i] ? a64[i] % b64[i] : 0;
}
