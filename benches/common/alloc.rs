//! The global allocator of the bench tools and the benches: mimalloc, or the system allocator
//! (glibc malloc) when `OVERCROWDING_BENCH_ALLOC=system`, so that one binary measures both and
//! the difference is a ratio from one run. A library sets no global allocator: this file is
//! included with `#[path]` by the bench targets only (benches/README.md says what to set).
//!
//! The choice is made once, at the first allocation, by `getenv` (which does not allocate),
//! and never changes, so every block is freed by the allocator that gave it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{CStr, c_char};
use std::sync::atomic::{AtomicU8, Ordering};

use mimalloc::MiMalloc;

unsafe extern "C" {
    fn getenv(name: *const c_char) -> *const c_char;
}

/// mimalloc unless `OVERCROWDING_BENCH_ALLOC=system`.
pub struct BenchAlloc;

/// 0 = not decided yet, 1 = mimalloc, 2 = system.
static CHOICE: AtomicU8 = AtomicU8::new(0);

#[inline]
fn mimalloc() -> bool {
    match CHOICE.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            // SAFETY: a NUL-terminated name; the environment is not modified concurrently
            // this early, and getenv's result is read before any other call.
            let v = unsafe { getenv(c"OVERCROWDING_BENCH_ALLOC".as_ptr()) };
            let system = !v.is_null() && unsafe { CStr::from_ptr(v) }.to_bytes() == b"system";
            CHOICE.store(if system { 2 } else { 1 }, Ordering::Relaxed);
            !system
        }
    }
}

/// The allocator in use, for the output.
pub fn name() -> &'static str {
    if mimalloc() { "mimalloc" } else { "system" }
}

// SAFETY: every call is forwarded to one of two allocators, always the same one (decided
// before the first block is handed out), so each block is freed by the allocator that gave it.
unsafe impl GlobalAlloc for BenchAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if mimalloc() {
                MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if mimalloc() {
                MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            if mimalloc() {
                MiMalloc.dealloc(ptr, layout)
            } else {
                System.dealloc(ptr, layout)
            }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            if mimalloc() {
                MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}
