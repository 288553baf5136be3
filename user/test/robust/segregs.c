/*
 * %fs and %gs belong to the environment that loaded them.  The parent
 * loads %fs = 0 and %gs = GD_UT | 3 (a readable code segment), then plays
 * ping-pong with its child through IPC.  For the first half of the turns
 * the child must see its own registers as every env starts, the user data
 * selector GD_UD | 3; then it loads values of its own (%fs = GD_UT | 3,
 * %gs = 0) and must keep them.  The parent must keep its values
 * throughout.
 *
 * Expected: "segregs: parent: %fs and %gs kept for 100 turns OK",
 * "segregs: child: %fs and %gs kept for 100 turns OK", "segregs: done OK"
 * from each; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>
#include <inc/x86.h>

#define TURNS 100

/*
 * TURNS turns of ping-pong with peer (the parent sends first); at turn
 * `switch_at` load (fs, gs).  Before that, want (want_fs, want_gs).
 */
static void
play(const char *who, envid_t peer, bool first, uint16_t want_fs,
     uint16_t want_gs, int switch_at, uint16_t fs, uint16_t gs)
{
	int turn;

	for (turn = 0; turn < TURNS; turn++) {
		if (turn == switch_at) {
			load_fs(fs);
			load_gs(gs);
			want_fs = fs;
			want_gs = gs;
		}
		if (first) {
			ipc_send(peer, turn, NULL, 0);
			ipc_recv(NULL, NULL, NULL);
		} else {
			ipc_recv(NULL, NULL, NULL);
			ipc_send(peer, turn, NULL, 0);
		}
		if (read_fs() != want_fs || read_gs() != want_gs)
			break;
	}
	if (turn < TURNS)
		cprintf("segregs: %s: at turn %d %%fs %04x %%gs %04x, want "
			"%04x %04x\n",
			who, turn, read_fs(), read_gs(), want_fs, want_gs);
	check_true(turn == TURNS, "%s: %%fs and %%gs kept for %d turns", who,
		   TURNS);
	check_done();
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	/* The parent loads its values at once, the child half-way. */
	if (child == 0)
		play("child", thisenv->env_parent_id, false, GD_UD | 3,
		     GD_UD | 3, TURNS / 2, GD_UT | 3, 0);
	else
		play("parent", child, true, 0, 0, 0, 0, GD_UT | 3);
}
