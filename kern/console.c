/*
 * The kernel console.  Output goes to the serial port COM1 and to the CGA
 * text screen; input comes from COM1 and the PC keyboard, collected by
 * polling or by the IRQ handlers into one ring buffer.
 */

#include <inc/x86.h>
#include <inc/memlayout.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <kern/console.h>

/***** Serial port COM1 (a 16550 UART) *****/

#define COM1 0x3F8
#define COM_RX 0         /* in: receive buffer (DLAB=0) */
#define COM_TX 0         /* out: transmit holding register (DLAB=0) */
#define COM_DLL 0        /* out: divisor latch low (DLAB=1) */
#define COM_DLM 1        /* out: divisor latch high (DLAB=1) */
#define COM_IER 1        /* out: interrupt enable (DLAB=0) */
#define COM_IER_RDI 0x01 /* interrupt when data is received */
#define COM_IIR 2        /* in: interrupt identification */
#define COM_FCR 2        /* out: FIFO control */
#define COM_LCR 3        /* out: line control */
#define COM_LCR_DLAB 0x80
#define COM_LCR_8N1 0x03
#define COM_MCR 4 /* out: modem control */
#define COM_MCR_DTR 0x01
#define COM_MCR_RTS 0x02
#define COM_MCR_OUT2 0x08  /* gates the UART's interrupt line on a PC */
#define COM_LSR 5          /* in: line status */
#define COM_LSR_DATA 0x01  /* a received byte is waiting */
#define COM_LSR_TXRDY 0x20 /* the transmit register is empty */

#define COM_BAUD 115200
#define COM_CLOCK 115200 /* divisor 1 gives this rate */

/* True when serial_init found a UART at COM1. */
static bool serial_exists;

/* About 1.2 microseconds: reads of an unused port. */
static void
io_delay(void)
{
	inb(0x84);
	inb(0x84);
	inb(0x84);
	inb(0x84);
}

/* Sets COM1 to COM_BAUD 8N1 with receive interrupts; notes whether it exists. */
static void
serial_init(void)
{
	uint16_t divisor = COM_CLOCK / COM_BAUD;

	outb(COM1 + COM_FCR, 0);
	outb(COM1 + COM_LCR, COM_LCR_DLAB);
	outb(COM1 + COM_DLL, divisor & 0xFF);
	outb(COM1 + COM_DLM, divisor >> 8);
	outb(COM1 + COM_LCR, COM_LCR_8N1);
	outb(COM1 + COM_MCR, COM_MCR_DTR | COM_MCR_RTS | COM_MCR_OUT2);
	outb(COM1 + COM_IER, COM_IER_RDI);
	/* A missing UART floats the bus: every register reads 0xFF. */
	serial_exists = (inb(COM1 + COM_LSR) != 0xFF);
	/* Clear any interrupt and byte that were pending before. */
	(void)inb(COM1 + COM_IIR);
	(void)inb(COM1 + COM_RX);
}

/* Sends c, waiting a bounded time for the transmitter to be free. */
static void
serial_putc(int c)
{
	int i;

	for (i = 0; !(inb(COM1 + COM_LSR) & COM_LSR_TXRDY) && i < 12800; i++)
		io_delay();
	outb(COM1 + COM_TX, (uint8_t)c);
}

/* Returns the next received byte, or -1 when none is waiting. */
static int
serial_proc_data(void)
{
	if (!(inb(COM1 + COM_LSR) & COM_LSR_DATA))
		return -1;
	return inb(COM1 + COM_RX);
}

/***** CGA / VGA text screen *****/

#define CGA_BUF 0xB8000
#define CGA_CRT 0x3D4
#define MONO_BUF 0xB0000
#define MONO_CRT 0x3B4
#define CRT_ROWS 25
#define CRT_COLS 80
#define CRT_SIZE (CRT_ROWS * CRT_COLS)
/* CRT controller register pairs (high byte, then low byte in the next). */
#define CRT_START_HI 12  /* the first character shown */
#define CRT_CURSOR_HI 14 /* the cursor */
#define CRT_CURSOR_LO 15
#define CRT_ATTR 0x0700 /* light grey on black */
/* Rows of text memory (32 KiB holds 204): the screen is a window on it. */
#define CRT_BUF_ROWS 200
#define CRT_BUF_SIZE (CRT_BUF_ROWS * CRT_COLS)

static uint16_t *crt_buf;
static unsigned crt_port;
static uint16_t crt_top; /* first character on the screen */
static uint16_t crt_pos; /* the cursor, an index into crt_buf */

/* Writes 16-bit value v to the CRT controller register pair hi, hi + 1. */
static void
crt_write16(int hi, uint16_t v)
{
	outb(crt_port, hi);
	outb(crt_port + 1, v >> 8);
	outb(crt_port, hi + 1);
	outb(crt_port + 1, v & 0xFF);
}

/* Moves the hardware cursor to crt_pos. */
static void
cga_set_cursor(void)
{
	crt_write16(CRT_CURSOR_HI, crt_pos);
}

/*
 * Finds the text buffer (colour, or monochrome when the colour buffer does
 * not hold a test value) and takes over the cursor position the BIOS left.
 */
static void
cga_init(void)
{
	volatile uint16_t *probe = (uint16_t *)(KERNBASE + CGA_BUF);
	uint16_t saved = *probe;

	*probe = 0xA55A;
	if (*probe == 0xA55A) {
		*probe = saved;
		crt_buf = (uint16_t *)(KERNBASE + CGA_BUF);
		crt_port = CGA_CRT;
	} else {
		crt_buf = (uint16_t *)(KERNBASE + MONO_BUF);
		crt_port = MONO_CRT;
	}
	outb(crt_port, CRT_CURSOR_HI);
	crt_pos = inb(crt_port + 1) << 8;
	outb(crt_port, CRT_CURSOR_LO);
	crt_pos |= inb(crt_port + 1);
	if (crt_pos >= CRT_SIZE)
		crt_pos = 0;
	crt_top = 0;
	crt_write16(CRT_START_HI, crt_top);
}

/*
 * Scrolls one row when the cursor has run off the bottom of the screen.
 * The screen is a window on a larger text memory: scrolling moves the
 * window (the CRT start address) and clears the row that appears; only
 * when the window reaches the end of text memory are the visible rows
 * copied back to the start.  So a new line costs a row, not a screen.
 */
static void
cga_scroll(void)
{
	int i;

	if (crt_pos < crt_top + CRT_SIZE)
		return;
	if (crt_top + CRT_SIZE + CRT_COLS > CRT_BUF_SIZE) {
		memmove(crt_buf, crt_buf + crt_top + CRT_COLS,
			(CRT_SIZE - CRT_COLS) * sizeof(crt_buf[0]));
		crt_pos -= crt_top + CRT_COLS;
		crt_top = 0;
	} else
		crt_top += CRT_COLS;
	for (i = crt_top + CRT_SIZE - CRT_COLS; i < crt_top + CRT_SIZE; i++)
		crt_buf[i] = CRT_ATTR | ' ';
	crt_write16(CRT_START_HI, crt_top);
}

/*
 * Draws c at the cursor, interpreting '\n', '\r', '\b' and '\t'.  Bits 8-15
 * of c, when set, are the character's colour attribute.
 */
static void
cga_putc(int c)
{
	if (!(c & ~0xFF))
		c |= CRT_ATTR;
	switch (c & 0xFF) {
	case '\b':
		if (crt_pos > crt_top)
			crt_buf[--crt_pos] = (c & ~0xFF) | ' ';
		break;
	case '\n':
		crt_pos += CRT_COLS;
		crt_pos -= crt_pos % CRT_COLS;
		break;
	case '\r':
		crt_pos -= crt_pos % CRT_COLS;
		break;
	case '\t':
		do {
			crt_buf[crt_pos++] = (c & ~0xFF) | ' ';
		} while (crt_pos % 8 != 0);
		break;
	default:
		crt_buf[crt_pos++] = c;
		break;
	}
	cga_scroll();
	cga_set_cursor();
}

/***** PC keyboard (scan code set 1) *****/

#define KBD_STATUS 0x64
#define KBD_STATUS_DATA 0x01 /* a byte is waiting in KBD_DATA */
#define KBD_STATUS_AUX 0x20  /* the byte came from the mouse */
#define KBD_DATA 0x60
#define KBD_RELEASE 0x80  /* set in the scan code of a key release */
#define KBD_EXTENDED 0xE0 /* prefix of the second bank of keys */

/* Modifier and lock state bits. */
#define MOD_SHIFT 0x01
#define MOD_CTRL 0x02
#define MOD_ALT 0x04
#define MOD_CAPSLOCK 0x08
#define MOD_EXTENDED 0x10 /* the previous byte was KBD_EXTENDED */

/* Characters of the main block, indexed by scan code, without and with shift. */
static const char plain_keys[] = "\0\x1b"
				 "1234567890-=\b\t"
				 "qwertyuiop[]\n\0"
				 "asdfghjkl;'`\0"
				 "\\zxcvbnm,./\0*\0 ";
static const char shifted_keys[] = "\0\x1b"
				   "!@#$%^&*()_+\b\t"
				   "QWERTYUIOP{}\n\0"
				   "ASDFGHJKL:\"~\0"
				   "|ZXCVBNM<>?\0*\0 ";

/* The numeric keypad, scan codes 0x47 to 0x53. */
#define KEYPAD_FIRST 0x47
static const char keypad_keys[] = "789-456+1230.";

/* Returns the modifier bit that scan code sc (release bit clear) controls. */
static int
kbd_modifier(uint8_t sc)
{
	switch (sc) {
	case 0x2A: /* left shift */
	case 0x36: /* right shift */
		return MOD_SHIFT;
	case 0x1D: /* control; the right one is extended */
		return MOD_CTRL;
	case 0x38: /* alt; the right one is extended */
		return MOD_ALT;
	}
	return 0;
}

/* Returns the key code of an extended (0xE0-prefixed) scan code, or 0. */
static int
kbd_extended_key(uint8_t sc)
{
	switch (sc) {
	case 0x1C:
		return '\n'; /* keypad enter */
	case 0x35:
		return '/'; /* keypad slash */
	case 0x47:
		return KEY_HOME;
	case 0x48:
		return KEY_UP;
	case 0x49:
		return KEY_PGUP;
	case 0x4B:
		return KEY_LF;
	case 0x4D:
		return KEY_RT;
	case 0x4F:
		return KEY_END;
	case 0x50:
		return KEY_DN;
	case 0x51:
		return KEY_PGDN;
	case 0x52:
		return KEY_INS;
	case 0x53:
		return KEY_DEL;
	}
	return 0;
}

/* Returns the character of a plain scan code under modifiers mod, or 0. */
static int
kbd_plain_key(uint8_t sc, int mod)
{
	bool shift = mod & MOD_SHIFT;
	int c = 0;

	if (sc < sizeof(plain_keys) - 1)
		c = (uint8_t)(shift ? shifted_keys : plain_keys)[sc];
	else if (sc >= KEYPAD_FIRST &&
		 sc < KEYPAD_FIRST + sizeof(keypad_keys) - 1)
		return keypad_keys[sc - KEYPAD_FIRST];
	if ((mod & MOD_CAPSLOCK) && c >= 'a' && c <= 'z')
		c += 'A' - 'a';
	else if ((mod & MOD_CAPSLOCK) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if ((mod & MOD_CTRL) &&
	    ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c &= 0x1F;
	return c;
}

/*
 * Reads one byte from the keyboard and updates the modifier state.  Returns
 * -1 when no byte is waiting, 0 when the byte produced no character, else
 * the character or KEY_ code.
 */
static int
kbd_proc_data(void)
{
	static int mod;
	uint8_t status = inb(KBD_STATUS);
	uint8_t sc;
	bool extended;

	if (!(status & KBD_STATUS_DATA))
		return -1;
	sc = inb(KBD_DATA);
	if (status & KBD_STATUS_AUX)
		return 0;
	if (sc == KBD_EXTENDED) {
		mod |= MOD_EXTENDED;
		return 0;
	}
	extended = mod & MOD_EXTENDED;
	mod &= ~MOD_EXTENDED;
	if (sc & KBD_RELEASE) {
		mod &= ~kbd_modifier(sc & ~KBD_RELEASE);
		return 0;
	}
	if (kbd_modifier(sc)) {
		mod |= kbd_modifier(sc);
		return 0;
	}
	if (sc == 0x3A) {
		mod ^= MOD_CAPSLOCK;
		return 0;
	}
	return extended ? kbd_extended_key(sc) : kbd_plain_key(sc, mod);
}

/***** Input buffer shared by all devices *****/

#define CONSBUFSIZE 512

static struct {
	uint8_t buf[CONSBUFSIZE];
	uint32_t rpos; /* next byte to hand out */
	uint32_t wpos; /* next free slot; rpos == wpos when empty */
} cons;

/*
 * Moves every character proc can deliver into the input buffer; characters
 * that find it full are dropped.
 */
static void
cons_intr(int (*proc)(void))
{
	uint32_t next;
	int c;

	while ((c = proc()) != -1) {
		next = (cons.wpos + 1) % CONSBUFSIZE;
		if (c == 0 || next == cons.rpos)
			continue;
		cons.buf[cons.wpos] = c;
		cons.wpos = next;
	}
}

void
serial_intr(void)
{
	if (serial_exists)
		cons_intr(serial_proc_data);
}

void
kbd_intr(void)
{
	cons_intr(kbd_proc_data);
}

/*
 * Returns the next input character, or 0 when there is none.  Polls the
 * devices first, so it works with interrupts disabled (as in the monitor).
 */
int
cons_getc(void)
{
	int c;

	serial_intr();
	kbd_intr();
	if (cons.rpos == cons.wpos)
		return 0;
	c = cons.buf[cons.rpos++];
	if (cons.rpos == CONSBUFSIZE)
		cons.rpos = 0;
	return c;
}

/* Sets up every console device; call before the first cprintf. */
void
cons_init(void)
{
	cga_init();
	serial_init();
	kbd_intr();
	if (!serial_exists)
		cprintf("Serial port does not exist!\n");
}

/***** What inc/stdio.h promises the kernel *****/

/* Writes c to the serial port and the screen. */
void
cputchar(int c)
{
	if (serial_exists)
		serial_putc(c);
	cga_putc(c);
}

/* Waits for and returns the next input character. */
int
getchar(void)
{
	int c;

	while ((c = cons_getc()) == 0)
		;
	return c;
}

/* The kernel's console is always interactive. */
int
iscons(int fd)
{
	(void)fd;
	return 1;
}
