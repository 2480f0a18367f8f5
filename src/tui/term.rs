//! The terminal while the reader runs: the modes kanbao sets (raw mode, alternate screen,
//! bracketed paste, mouse reporting, hidden cursor), and every way they are given back and taken
//! again: quitting, a panic, SIGTERM, SIGHUP, SIGINT and SIGQUIT, and suspending (SIGTSTP or
//! Ctrl-z) then resuming (SIGCONT).

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError, mpsc};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute, terminal};
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use super::Wake;

/// How long the loop gets to end the normal way after SIGTERM, SIGHUP, SIGINT or SIGQUIT (saving
/// the place, flushing the stores) before the signal thread restores the terminal and exits.
const GRACE: Duration = Duration::from_secs(2);

/// Takes the terminal's modes: raw mode, the alternate screen, bracketed paste (a paste arrives
/// as one event, not as keys), and mouse reporting when configured.
pub fn enter(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back: bracketed paste and mouse reporting off, raw mode off, the alternate
/// screen left, the cursor shown. Failures are ignored: there is nowhere left to report them.
pub fn restore(mouse: bool) {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    // ratatui leaves the cursor as the last frame had it: hidden.
    let _ = execute!(io::stdout(), cursor::Show);
}

/// The terminal as the loop and the signal thread share it.
#[derive(Debug, Clone)]
pub struct Term {
    mouse: bool,
    /// Whether the reader holds the terminal (from before the first frame until the loop ends).
    /// Locked while writing to the terminal, so the bytes of a frame and of a restoration made by
    /// the signal thread never interleave.
    held: Arc<Mutex<bool>>,
}

/// The reader holds the terminal while this lives.
pub struct Holding<'a>(&'a Term);

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        *self.0.lock() = false;
    }
}

impl Term {
    pub fn new(mouse: bool) -> Term {
        Term {
            mouse,
            held: Arc::new(Mutex::new(false)),
        }
    }

    /// Marks the terminal as the reader's until the guard is dropped.
    pub fn hold(&self) -> Holding<'_> {
        *self.lock() = true;
        Holding(self)
    }

    /// The lock on terminal output; true while the reader holds the terminal.
    pub fn lock(&self) -> MutexGuard<'_, bool> {
        // A panic while drawing leaves nothing to protect: the flag is still right.
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives the terminal back, stops as a shell job would on SIGTSTP, and when continued takes
    /// the terminal again. The caller redraws the whole screen.
    pub fn suspend(&self) {
        let held = self.lock();
        if *held {
            restore(self.mouse);
        }
        // SIGTSTP's default action, as a shell expects; the thread sleeps here until SIGCONT.
        let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
        if *held {
            self.take_again();
        }
    }

    /// Takes the terminal again after SIGCONT (also when something else stopped kanbao).
    fn resume(&self) {
        if *self.lock() {
            self.take_again();
        }
    }

    fn take_again(&self) {
        // Forget the mode saved at start and save the current one: while kanbao was stopped,
        // the shell may have set the terminal differently, and raw mode must be set afresh.
        let _ = terminal::disable_raw_mode();
        let _ = enter(self.mouse);
    }

    /// After SIGTERM, SIGHUP, SIGINT or SIGQUIT: waits up to [`GRACE`] for the loop to give up
    /// the terminal; if it has not (it is busy, or stuck), restores the terminal and exits with
    /// 128 + `signal` from this thread.
    fn end_after_grace(&self, signal: i32) {
        let deadline = Instant::now() + GRACE;
        loop {
            let held = match self.held.try_lock() {
                Ok(held) => *held,
                Err(TryLockError::Poisoned(held)) => *held.into_inner(),
                Err(TryLockError::WouldBlock) => true,
            };
            if !held {
                return;
            }
            if Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        restore(self.mouse);
        std::process::exit(128 + signal);
    }
}

/// Watches signals on a thread of its own. SIGTSTP suspends at once (between two frames) and
/// SIGCONT takes the terminal again; both then ask the loop to redraw everything. SIGTERM,
/// SIGHUP, SIGINT and SIGQUIT ask the loop to end as if the user quit ([`Wake::Signal`]), with
/// [`GRACE`] to do it before this thread ends the process itself.
pub fn watch_signals(term: Term, tx: mpsc::Sender<Wake>) {
    let watched = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT];
    let Ok(mut signals) = signal_hook::iterator::Signals::new(watched) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            match signal {
                SIGTSTP => {
                    term.suspend();
                    let _ = tx.send(Wake::Redraw);
                }
                SIGCONT => {
                    term.resume();
                    let _ = tx.send(Wake::Redraw);
                }
                _ => {
                    let _ = tx.send(Wake::Signal(signal));
                    term.end_after_grace(signal);
                }
            }
        }
    });
}

/// Whether a shell can bring kanbao back after it stops: some process of its process group has
/// its parent in another group of the same session (a job-control shell). Without one, the
/// group is orphaned: the kernel ignores Ctrl-z there, and a stopped reader would wait for good
/// (kanbao started directly by a terminal emulator or `tmux new-session kanbao`). Read from
/// /proc, following kanbao's ancestors in its own group; without /proc, assumed true.
pub fn job_control() -> bool {
    let Some(me) = Stat::of("self") else {
        return true;
    };
    let mut parent = me.ppid;
    // A chain of wrappers in the same group ends somewhere; the bound only guards a loop.
    for _ in 0..64 {
        if parent == 0 {
            return false;
        }
        let Some(stat) = Stat::of(&parent.to_string()) else {
            return true;
        };
        if stat.pgrp != me.pgrp {
            return stat.session == me.session;
        }
        parent = stat.ppid;
    }
    true
}

/// The fields of `/proc/PID/stat` that job control depends on.
#[derive(Debug, PartialEq, Eq)]
struct Stat {
    ppid: u32,
    pgrp: u32,
    session: u32,
}

impl Stat {
    fn of(pid: &str) -> Option<Stat> {
        Stat::parse(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
    }

    /// `pid (comm) state ppid pgrp session …`; the command name may hold spaces and
    /// parentheses, so the fields are counted from its last `)`.
    fn parse(text: &str) -> Option<Stat> {
        let (_, rest) = text.rsplit_once(')')?;
        let mut fields = rest.split_whitespace().skip(1);
        let mut next = || fields.next()?.parse().ok();
        Some(Stat {
            ppid: next()?,
            pgrp: next()?,
            session: next()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_end_of_the_command_name() {
        assert_eq!(
            Stat::parse("4242 (kan) (bao)) S 4000 4242 3900 34816 4242 4194304"),
            Some(Stat {
                ppid: 4000,
                pgrp: 4242,
                session: 3900
            })
        );
        assert_eq!(Stat::parse("4242 (kanbao"), None);
        assert_eq!(Stat::parse("4242 (kanbao) S 1"), None);
    }

    #[test]
    fn stat_is_read_from_proc() {
        if std::path::Path::new("/proc/self/stat").exists() {
            let me = Stat::of("self").expect("this process's stat");
            assert_eq!(me.ppid, std::os::unix::process::parent_id());
        }
    }
}
