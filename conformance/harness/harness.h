/*
 * hmmcl conformance harness: test registry, per-test context, assertions.
 *
 * Every test is a function `void fn(conf_t *t)`. Assertions record a failure
 * (file:line, the expression, expected and actual values, CL error codes by
 * name) and either continue (CHECK_*) or leave the test (REQUIRE_*). Objects a
 * test hands to conf_defer_*() are released after the test, in reverse order,
 * whether it passed or not.
 */
#ifndef CONF_HARNESS_H
#define CONF_HARNESS_H

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 300
#endif
#define CL_USE_DEPRECATED_OPENCL_1_0_APIS
#define CL_USE_DEPRECATED_OPENCL_1_1_APIS
#define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#define CL_USE_DEPRECATED_OPENCL_2_0_APIS
#define CL_USE_DEPRECATED_OPENCL_2_2_APIS
#include <CL/cl.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct conf_t conf_t;
typedef void (*conf_test_fn)(conf_t *t);

struct conf_test {
    const char *name;
    conf_test_fn fn;
};

struct conf_category {
    const char *name;
    const char *summary;
    const struct conf_test *tests;
    size_t count;
    unsigned timeout; /* watchdog limit per test, seconds; 0: the default (60) */
};

#define CONF_TEST(fn)                                                                              \
    {                                                                                              \
#fn, fn                                                                                    \
    }
#define CONF_CATEGORY(var, cname, csummary, table)                                                 \
    const struct conf_category var = {cname, csummary, table, sizeof(table) / sizeof(table[0]), 0}
/* A category whose tests may legitimately run longer than the default watchdog limit. */
#define CONF_CATEGORY_TIMEOUT(var, cname, csummary, table, seconds)                                \
    const struct conf_category var = {cname, csummary, table, sizeof(table) / sizeof(table[0]),    \
                                      seconds}

struct conf_deferred {
    void (*fn)(void *);
    void *arg;
};

struct conf_t {
    cl_platform_id platform;
    cl_device_id device;
    const char *category;
    const char *name;
    int jobs;          /* --jobs: threads used by stress tests */
    unsigned checks;   /* assertions evaluated */
    unsigned failures; /* assertions failed */
    bool skipped;
    char skip_reason[256];
    cl_context ctx;     /* conf_context(): created on first use */
    cl_command_queue q; /* conf_queue(): in-order queue on ctx/device */
    struct conf_deferred *deferred;
    size_t ndeferred, capdeferred;
};

/* --- error codes ------------------------------------------------------- */
const char *conf_err_name(cl_int err);

/* --- results ----------------------------------------------------------- */
void conf_fail(conf_t *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void conf_skip(conf_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void conf_note(conf_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --- fixtures and cleanup ---------------------------------------------- */
cl_context conf_context(conf_t *t);
cl_command_queue conf_queue(conf_t *t);
void conf_defer(conf_t *t, void (*fn)(void *), void *arg);
void conf_defer_mem(conf_t *t, cl_mem m);
void conf_defer_event(conf_t *t, cl_event e);
void conf_defer_queue(conf_t *t, cl_command_queue q);
void conf_defer_context(conf_t *t, cl_context c);
void conf_defer_program(conf_t *t, cl_program p);
void conf_defer_kernel(conf_t *t, cl_kernel k);
void conf_defer_sampler(conf_t *t, cl_sampler s);
void conf_defer_free(conf_t *t, void *p);
void conf_defer_svm(conf_t *t, cl_context c, void *p);

/* --- info helpers (0 / NULL on error, which is also reported) ---------- */
cl_uint conf_dev_uint(conf_t *t, cl_device_id d, cl_device_info param);
cl_ulong conf_dev_ulong(conf_t *t, cl_device_id d, cl_device_info param);
size_t conf_dev_size(conf_t *t, cl_device_id d, cl_device_info param);
cl_bool conf_dev_bool(conf_t *t, cl_device_id d, cl_device_info param);
char *conf_dev_string(conf_t *t, cl_device_id d, cl_device_info param); /* deferred free */
char *conf_plat_string(conf_t *t, cl_platform_id p, cl_platform_info param);
/* CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES read without the size check (api/device_queries
 * checks the size), so one wrong size does not fail every test that needs the value */
cl_ulong conf_dev_enqueue_caps(conf_t *t, cl_device_id d);
bool conf_has_extension(conf_t *t, cl_device_id d, const char *ext);
cl_int conf_event_status(cl_event e);

/* capability probes used by many categories */
bool conf_has_native_kernels(conf_t *t);
bool conf_has_images(conf_t *t);
bool conf_has_compiler(conf_t *t);
cl_device_svm_capabilities conf_svm_caps(conf_t *t);

/* a program built from source on t->device, or NULL with a SKIP recorded */
cl_program conf_build_or_skip(conf_t *t, const char *src);
/* the same with build options */
cl_program conf_build_opts_or_skip(conf_t *t, const char *src, const char *options);
/* kernel @name from @src built with @options (released after the test); NULL with a SKIP (no
 * compiler) or a failure recorded */
cl_kernel conf_kernel_or_skip(conf_t *t, const char *src, const char *options, const char *name);
/* the device lists OpenCL C @major.@minor in CL_DEVICE_OPENCL_C_ALL_VERSIONS */
bool conf_has_c_version(conf_t *t, cl_uint major, cl_uint minor);
/* the device lists @feature in CL_DEVICE_OPENCL_C_FEATURES */
bool conf_has_c_feature(conf_t *t, const char *feature);
/* "-cl-std=CL3.0" or "-cl-std=CL2.0" when the device compiles OpenCL C 2.0 or later, else NULL */
const char *conf_cl_std_2plus(conf_t *t);
/* a buffer of @size bytes (released after the test), filled from @init if not NULL */
cl_mem conf_buffer(conf_t *t, cl_mem_flags flags, size_t size, const void *init);

/* read @size bytes of buffer @m into @dst on conf_queue(t), blocking */
cl_int conf_read_buf(conf_t *t, cl_mem m, void *dst, size_t size);
/* CL_KERNEL_WORK_GROUP_SIZE of @k on t->device (0 with a failure recorded) */
size_t conf_kernel_wgs(conf_t *t, cl_kernel k);

/* fill/verify helpers */
void conf_pattern(void *p, size_t n, unsigned seed);
size_t conf_first_mismatch(const void *a, const void *b, size_t n); /* n if equal */

/* --- assertions -------------------------------------------------------- */
#define CONF_FAILED_(t) ((t)->failures++)

#define CHECK_ERR(expected, expr)                                                                  \
    do {                                                                                           \
        cl_int exp_ = (expected);                                                                  \
        cl_int got_ = (expr);                                                                      \
        t->checks++;                                                                               \
        if (got_ != exp_)                                                                          \
            conf_fail(t, __FILE__, __LINE__, "%s: expected %s, got %s", #expr,                     \
                      conf_err_name(exp_), conf_err_name(got_));                                   \
    } while (0)

#define REQUIRE_ERR(expected, expr)                                                                \
    do {                                                                                           \
        unsigned f_ = t->failures;                                                                 \
        CHECK_ERR(expected, expr);                                                                 \
        if (t->failures != f_)                                                                     \
            return;                                                                                \
    } while (0)

#define CHECK_OK(expr)   CHECK_ERR(CL_SUCCESS, expr)
#define REQUIRE_OK(expr) REQUIRE_ERR(CL_SUCCESS, expr)

/* checks an errcode_ret-style call: `ERRP` names the errcode_ret argument */
#define ERRP (&conf_err_)
#define CHECK_NULL_ERR(expected, call)                                                             \
    do {                                                                                           \
        cl_int conf_err_ = 1;                                                                      \
        const void *p_ = (const void *)(call);                                                     \
        cl_int exp_ = (expected);                                                                  \
        t->checks++;                                                                               \
        if (p_ != NULL || conf_err_ != exp_)                                                       \
            conf_fail(t, __FILE__, __LINE__, "%s: expected NULL and %s, got %p and %s", #call,     \
                      conf_err_name(exp_), p_, conf_err_name(conf_err_));                          \
    } while (0)

/* assigns the result of an errcode_ret-style call, requiring success */
#define REQUIRE_CREATE(var, call)                                                                  \
    do {                                                                                           \
        cl_int conf_err_ = 1;                                                                      \
        (var) = (call);                                                                            \
        t->checks++;                                                                               \
        if ((var) == NULL || conf_err_ != CL_SUCCESS) {                                            \
            conf_fail(t, __FILE__, __LINE__,                                                       \
                      "%s: expected an object and CL_SUCCESS, got %p and %s", #call,               \
                      (const void *)(var), conf_err_name(conf_err_));                              \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        t->checks++;                                                                               \
        if (!(cond))                                                                               \
            conf_fail(t, __FILE__, __LINE__, "CHECK(%s) failed", #cond);                           \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        t->checks++;                                                                               \
        if (!(cond)) {                                                                             \
            conf_fail(t, __FILE__, __LINE__, "CHECK(%s) failed", #cond);                           \
            conf_note(t, __VA_ARGS__);                                                             \
        }                                                                                          \
    } while (0)

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        unsigned f_ = t->failures;                                                                 \
        CHECK(cond);                                                                               \
        if (t->failures != f_)                                                                     \
            return;                                                                                \
    } while (0)

#define CHECK_EQ_U(expected, actual)                                                               \
    do {                                                                                           \
        unsigned long long e_ = (unsigned long long)(expected);                                    \
        unsigned long long a_ = (unsigned long long)(actual);                                      \
        t->checks++;                                                                               \
        if (e_ != a_)                                                                              \
            conf_fail(t, __FILE__, __LINE__,                                                       \
                      "%s == %s: expected %llu (0x%llx), got %llu (0x%llx)", #expected, #actual,   \
                      e_, e_, a_, a_);                                                             \
    } while (0)

#define CHECK_EQ_I(expected, actual)                                                               \
    do {                                                                                           \
        long long e_ = (long long)(expected);                                                      \
        long long a_ = (long long)(actual);                                                        \
        t->checks++;                                                                               \
        if (e_ != a_)                                                                              \
            conf_fail(t, __FILE__, __LINE__, "%s == %s: expected %lld, got %lld", #expected,       \
                      #actual, e_, a_);                                                            \
    } while (0)

#define CHECK_EQ_P(expected, actual)                                                               \
    do {                                                                                           \
        const void *e_ = (const void *)(expected);                                                 \
        const void *a_ = (const void *)(actual);                                                   \
        t->checks++;                                                                               \
        if (e_ != a_)                                                                              \
            conf_fail(t, __FILE__, __LINE__, "%s == %s: expected %p, got %p", #expected, #actual,  \
                      e_, a_);                                                                     \
    } while (0)

/* CL_EXEC status of an event, compared by name */
#define CHECK_STATUS(expected, ev) CHECK_ERR(expected, conf_event_status(ev))

#define CHECK_MEM_EQ(expected, actual, n)                                                          \
    do {                                                                                           \
        size_t n_ = (n);                                                                           \
        size_t i_ = conf_first_mismatch((expected), (actual), n_);                                 \
        t->checks++;                                                                               \
        if (i_ != n_)                                                                              \
            conf_fail(t, __FILE__, __LINE__, "%s vs %s: first differing byte at %zu of %zu",       \
                      #expected, #actual, i_, n_);                                                 \
    } while (0)

#define SKIP(...)                                                                                  \
    do {                                                                                           \
        conf_skip(t, __VA_ARGS__);                                                                 \
        return;                                                                                    \
    } while (0)

/* --- categories -------------------------------------------------------- */
extern const struct conf_category conf_cat_api;
extern const struct conf_category conf_cat_queues;
extern const struct conf_category conf_cat_events;
extern const struct conf_category conf_cat_buffers;
extern const struct conf_category conf_cat_svm;
extern const struct conf_category conf_cat_concurrency;
extern const struct conf_category conf_cat_compiler;
extern const struct conf_category conf_cat_execution;
extern const struct conf_category conf_cat_atomics;
extern const struct conf_category conf_cat_barrier;
extern const struct conf_category conf_cat_math;
extern const struct conf_category conf_cat_conversions;
extern const struct conf_category conf_cat_integer;
extern const struct conf_category conf_cat_vector;
extern const struct conf_category conf_cat_collectives;
extern const struct conf_category conf_cat_printf;
extern const struct conf_category conf_cat_common;
extern const struct conf_category conf_cat_geometric;
extern const struct conf_category conf_cat_relational;
extern const struct conf_category conf_cat_programs;
extern const struct conf_category conf_cat_lifetimes;

#endif
