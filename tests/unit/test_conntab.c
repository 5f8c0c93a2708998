/* test_conntab.c -- unit tests for conntab.c: admission, per-client caps, eviction, budget shares.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "front/conntab.h"

/* A connected socket pair's one end (the other is kept in PEER to see shutdowns). */
static int pair(int *peer)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    *peer = sv[1];
    return sv[0];
}

/* 1 when FD's peer end saw a shutdown (reads end of stream at once). */
static int was_shut(int peer)
{
    char b;
    return recv(peer, &b, 1, MSG_DONTWAIT) == 0;
}

static void test_per_client_cap_admits_over_and_answers(void **state)
{
    struct conntab_limits lim = {10, 2, 0, 0, 10};
    struct conntab *t = conntab_new(&lim);
    struct ct_conn *c[4];
    int peer[4], fd[4], i;
    (void)state;
    for (i = 0; i < 4; i++)
        fd[i] = pair(&peer[i]);
    assert_int_equal(conntab_admit(t, fd[0], "10.0.0.1", 0, 0, &c[0]), CT_ADMIT);
    assert_int_equal(conntab_admit(t, fd[1], "10.0.0.1", 0, 0, &c[1]), CT_ADMIT);
    /* the third from the same client is admitted to be answered 503, then closed */
    assert_int_equal(conntab_admit(t, fd[2], "10.0.0.1", 0, 0, &c[2]), CT_ADMIT_OVER);
    assert_true(conntab_over(c[2]));
    assert_false(conntab_over(c[0]));
    /* a proxy's connections are not counted against its address */
    assert_int_equal(conntab_admit(t, fd[3], "10.0.0.1", 1, 0, &c[3]), CT_ADMIT);
    assert_true(conntab_proxied(c[3]));
    assert_string_equal(conntab_client(c[3]), "10.0.0.1");
    /* closing one makes room again */
    assert_ptr_equal(conntab_attach(t, fd[0]), c[0]);
    assert_null(conntab_attach(t, fd[0])); /* once */
    assert_int_equal(conntab_close(t, c[0]), 0);
    for (i = 1; i < 4; i++)
        conntab_close(t, c[i]);
    for (i = 0; i < 4; i++) {
        close(fd[i]);
        close(peer[i]);
    }
    conntab_free(t);
}

static void test_full_table_evicts_the_biggest_clients_oldest_idle(void **state)
{
    struct conntab_limits lim = {4, 0, 0, 0, 10};
    struct conntab *t = conntab_new(&lim);
    struct ct_conn *c[6];
    int peer[6], fd[6], i;
    unsigned conns, clients;
    size_t held;
    (void)state;
    for (i = 0; i < 6; i++)
        fd[i] = pair(&peer[i]);
    /* flood: three from A (the oldest busy), one from B */
    assert_int_equal(conntab_admit(t, fd[0], "A", 0, 0, &c[0]), CT_ADMIT);
    conntab_busy(t, c[0], 1);
    assert_int_equal(conntab_admit(t, fd[1], "A", 0, 0, &c[1]), CT_ADMIT);
    assert_int_equal(conntab_admit(t, fd[2], "B", 0, 0, &c[2]), CT_ADMIT);
    assert_int_equal(conntab_admit(t, fd[3], "A", 0, 0, &c[3]), CT_ADMIT);
    /* full: the newcomer gets room; A's oldest idle one (not the busy one, not B's) goes */
    assert_int_equal(conntab_admit(t, fd[4], "C", 0, 0, &c[4]), CT_ADMIT);
    assert_false(was_shut(peer[0]));
    assert_true(was_shut(peer[1]));
    assert_false(was_shut(peer[2]));
    assert_false(was_shut(peer[3]));
    conntab_stats(t, &conns, &clients, &held);
    assert_int_equal(conns, 5); /* the shut one is counted until it is closed */
    assert_int_equal(clients, 3);
    for (i = 0; i < 5; i++)
        conntab_close(t, c[i]);
    conntab_stats(t, &conns, &clients, &held);
    assert_int_equal(conns, 0);
    assert_int_equal(clients, 0);
    for (i = 0; i < 6; i++) {
        close(fd[i]);
        close(peer[i]);
    }
    conntab_free(t);
}

static void test_all_busy_admits_over_then_refuses(void **state)
{
    struct conntab_limits lim = {1, 0, 0, 0, 10};
    struct conntab *t = conntab_new(&lim);
    struct ct_conn *c, *o;
    int peer, fd = pair(&peer), i;
    enum ct_verdict v = CT_ADMIT;
    (void)state;
    assert_int_equal(conntab_admit(t, fd, "A", 0, 0, &c), CT_ADMIT);
    conntab_busy(t, c, 1);
    for (i = 0; i < 100 && v != CT_REFUSE; i++) {
        v = conntab_admit(t, 1000 + i, "B", 0, 0, &o);
        if (v != CT_REFUSE) { /* every one busy too: nothing to evict */
            assert_int_equal(v, CT_ADMIT_OVER);
            conntab_busy(t, o, 1);
        }
    }
    assert_int_equal(v, CT_REFUSE); /* a bounded slack for 503 answers, then raw refusals */
    assert_true(i > 10 && i < 100);
    close(fd);
    close(peer);
    conntab_free(t);
}

static void test_deadlines_and_sweep(void **state)
{
    struct conntab_limits lim = {100, 0, 0, 0, 10};
    struct conntab *t = conntab_new(&lim);
    struct ct_conn *c[2];
    int peer[2], fd[2];
    (void)state;
    fd[0] = pair(&peer[0]);
    fd[1] = pair(&peer[1]);
    conntab_admit(t, fd[0], "A", 0, 100, &c[0]);
    conntab_admit(t, fd[1], "A", 0, 100, &c[1]);
    conntab_deadline(t, c[1], 100, 0); /* none */
    assert_int_equal(conntab_sweep(t, 105), 0);
    assert_int_equal(conntab_sweep(t, 111), 1); /* the header timeout of the first */
    assert_true(was_shut(peer[0]));
    assert_false(was_shut(peer[1]));
    assert_int_equal(conntab_sweep(t, 200), 0);
    conntab_set_linger(t, c[1]);
    assert_int_equal(conntab_close(t, c[1]), 1);
    assert_int_equal(conntab_close(t, c[0]), 0);
    close(fd[0]);
    close(fd[1]);
    close(peer[0]);
    close(peer[1]);
    conntab_free(t);
}

static void test_budget_keeps_a_reserve_for_small_requests(void **state)
{
    /* 8 MiB: big requests may hold 7 MiB in all, one client 4 MiB (half) */
    struct conntab_limits lim = {100, 0, 8u << 20, 0, 10};
    struct conntab *t = conntab_new(&lim);
    unsigned conns, clients;
    size_t held;
    (void)state;
    /* one client's big bodies stop at its share */
    assert_int_equal(conntab_charge(t, "A", 3u << 20, 0), 0);
    assert_int_equal(conntab_charge(t, "A", 2u << 20, 0), -1);
    assert_int_equal(conntab_charge(t, "B", 3u << 20, 0), 0);
    assert_int_equal(conntab_charge(t, "C", 1u << 20, 0), 0); /* 7 MiB: the big part is spent */
    assert_int_equal(conntab_charge(t, "D", 1u << 20, 0), -1);
    /* a small request still finds room, whoever holds the rest */
    assert_int_equal(conntab_charge(t, "E", 16 * 1024, 0), 0);
    assert_int_equal(conntab_charge(t, "E", 16 * 1024, 16 * 1024), 0);
    /* growing past the small size counts it as big again */
    assert_int_equal(conntab_charge(t, "E", CONNTAB_SMALL_REQUEST, 32 * 1024), -1);
    conntab_stats(t, &conns, &clients, &held);
    assert_int_equal(held, (7u << 20) + 32 * 1024);
    conntab_release(t, "A", 3u << 20);
    conntab_release(t, "B", 3u << 20);
    conntab_release(t, "C", 1u << 20);
    conntab_release(t, "E", 32 * 1024);
    conntab_stats(t, &conns, &clients, &held);
    assert_int_equal(held, 0);
    assert_int_equal(clients, 0);
    conntab_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_client_cap_admits_over_and_answers),
        cmocka_unit_test(test_full_table_evicts_the_biggest_clients_oldest_idle),
        cmocka_unit_test(test_all_busy_admits_over_then_refuses),
        cmocka_unit_test(test_deadlines_and_sweep),
        cmocka_unit_test(test_budget_keeps_a_reserve_for_small_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
