// A reactive controller that plays a race step by step: while playing, each animation frame moves
// the current step on (a whole race takes a few seconds however many steps it has) and hands it to
// `onFrame`, which draws imperatively; the host re-renders only when playing starts or stops. The
// frame loop ends when the host leaves the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long a full replay takes: about 2 s for 200 steps, at most 4 s. */
export function replayMs(lastStep: number): number {
  return Math.min(4000, Math.max(1500, 1500 + lastStep * 2.5));
}

export class StepPlayerController implements ReactiveController {
  /** The step shown (0 = the start point). */
  step = 0;
  /** The last step of the longest run. */
  lastStep = 0;
  playing = false;
  private frame = 0;
  private startedAt = 0;
  private startedStep = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onFrame: (step: number) => void,
  ) {
    host.addController(this);
  }

  /** A new race: `play` replays it from the start, otherwise it is shown whole. */
  load(lastStep: number, play: boolean): void {
    this.lastStep = Math.max(0, lastStep);
    if (play) {
      this.seek(0);
      this.play();
    } else {
      this.pause();
      this.seek(this.lastStep);
    }
  }

  play(): void {
    if (this.step >= this.lastStep) this.step = 0;
    this.startedAt = performance.now();
    this.startedStep = this.step;
    if (!this.playing) {
      this.playing = true;
      this.host.requestUpdate();
    }
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  pause(): void {
    cancelAnimationFrame(this.frame);
    if (this.playing) {
      this.playing = false;
      this.host.requestUpdate();
    }
  }

  seek(step: number): void {
    this.step = Math.min(this.lastStep, Math.max(0, Math.round(step)));
    this.startedAt = performance.now();
    this.startedStep = this.step;
    this.onFrame(this.step);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.playing = false;
  }

  private tick(now: number): void {
    if (!this.playing) return;
    const rate = this.lastStep / replayMs(this.lastStep);
    this.step = Math.min(this.lastStep, Math.floor(this.startedStep + Math.max(0, now - this.startedAt) * rate));
    this.onFrame(this.step);
    if (this.step >= this.lastStep) this.pause();
    else this.frame = requestAnimationFrame((t) => this.tick(t));
  }
}
