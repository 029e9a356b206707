// SPDX-License-Identifier: MIT
// Pointer chasing through host-built nodes: pointers stored in data, generic pointers.
struct node {
    struct node *next;
    int value;
    int visits;
};

static int bump(struct node *n) // generic pointer parameter
{
    n->visits++;
    n->value *= 2;
    return n->value;
}

kernel void walk(global struct node *head, global long *sums)
{
    long sum = 0;
    for (struct node *n = head; n; n = n->next)
        sum += bump(n);
    sums[get_global_id(0)] = sum;
}

// Reverse the list in place; returns the new head through *out.
kernel void reverse(global struct node *head, global struct node *global *out)
{
    struct node *prev = 0, *n = head;
    while (n) {
        struct node *next = n->next;
        n->next = prev;
        prev = n;
        n = next;
    }
    *out = (global struct node *)prev;
}
