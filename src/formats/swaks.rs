//! swaks transcript (stub; replaced by the real framer).

use super::{Format, Frame, FrameKind};
use crate::input::Line;
use crate::model::Diagnostic;

pub struct Swaks;

impl Format for Swaks {
    fn name(&self) -> &'static str {
        "swaks"
    }
    fn description(&self) -> &'static str {
        "swaks transcript"
    }
    fn detect(&self, _lines: &[Line<'_>]) -> u8 {
        0
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Vec<Frame<'a>>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        for l in lines {
            out.push(Frame::new(
                l.number,
                FrameKind::Unparsed("stub".into()),
                l.text,
            ));
        }
    }
}
