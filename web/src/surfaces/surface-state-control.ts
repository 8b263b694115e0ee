// What the surfaces page's two control panels (<surface-setup-form>, <optimizer-settings>) share:
// they hold no state of their own, show the page's `state`, and send the whole next state up in a
// `state-change` event that the page turns into a new URL and a new race.
import { LitElement } from 'lit';
import type { SurfacePageState } from './surface-url-state.js';

export interface StateChangeDetail {
  state: SurfacePageState;
  /** Sent while a slider is still being dragged (more values follow). */
  live: boolean;
  /** Replay the race from step 0 when it lands (a new surface or start point). */
  replay?: boolean;
}

export abstract class SurfaceStateControl extends LitElement {
  static override properties = { state: { attribute: false } };

  state: SurfacePageState | null = null;

  /** Sends `state` up as the page's next state. */
  protected send(state: SurfacePageState, live = false, replay = false): void {
    this.dispatchEvent(new CustomEvent<StateChangeDetail>('state-change', { detail: { state, live, replay }, bubbles: true, composed: true }));
  }
}
