/** The longest delay a Node timer takes (2^31 - 1 ms): a longer one fires at once, with a warning. */
export const MAX_TIMER_MS = 2_147_483_647;
