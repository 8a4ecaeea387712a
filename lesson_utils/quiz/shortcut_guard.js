// Keeps keyboard use inside the quiz: JupyterLab ignores its shortcuts on marked controls (and links),
// and each question's radio buttons become one named group, so Tab stops once per question and the
// arrow keys move between its options, as WAI-ARIA's radio group pattern says. Matching lists get the
// item they match as their accessible name. When the control that had focus goes away (Start
// replaced by the questions, Hand in disabled), focus moves to the receipt or the quiz's title
// instead of falling back to the page, where the next Tab would start from JupyterLab's menu.
// The page's CSS for quizzes: a focus outline of 6:1 contrast on white (WCAG 2.2 asks 3:1), and
// links that look like links. Added once per page.
const STYLE = `.quiz :focus-visible { outline: 3px solid #0b57d0 !important; outline-offset: 2px; }
.quiz a[href] { text-decoration: underline; }`;

export default {
  render({ el }) {
    if (!document.getElementById("quiz-style")) {
      const style = document.createElement("style");
      style.id = "quiz-style";
      style.textContent = STYLE;
      document.head.appendChild(style);
    }
    const group = `quiz-${Math.random().toString(36).slice(2)}`;
    const mark = (quiz) => {
      // Feedback is a live region that stays while its text changes, so every verdict is announced.
      quiz.querySelectorAll(".quiz-feedback").forEach((feedback) => {
        feedback.setAttribute("role", "status");
        feedback.setAttribute("aria-live", "polite");
        feedback.setAttribute("aria-atomic", "true");
      });
      quiz.querySelectorAll("select, input, textarea, button, a[href]")
        .forEach((control) => control.setAttribute("data-lm-suppress-shortcuts", ""));
      // A matching list is named by the item above it, not only "matches:".
      quiz.querySelectorAll(".widget-dropdown").forEach((dropdown) => {
        const item = dropdown.previousElementSibling;
        const select = dropdown.querySelector("select");
        if (select && item && item.classList.contains("widget-html")) {
          select.setAttribute("aria-label", `${item.innerText.trim().slice(0, 200)}: matches`);
        }
      });
      quiz.querySelectorAll(".widget-radio-box").forEach((box, n) => {
        const card = box.closest(".quiz-question");
        const prompt = card && card.querySelector(".widget-html");
        box.setAttribute("role", "radiogroup");
        if (prompt) box.setAttribute("aria-label", prompt.innerText.trim().slice(0, 300));
        box.querySelectorAll("input[type=radio]").forEach((radio) => {
          if (!radio.name) radio.name = `${group}-${n}`;
        });
      });
    };
    let frames = 0;
    const stop = new AbortController();
    const start = () => {
      const quiz = el.closest(".quiz");
      if (!quiz) {
        if (frames++ < 600 && !stop.signal.aborted) requestAnimationFrame(start);
        return;
      }
      mark(quiz);
      // The control last focused in the quiz, kept on the quiz itself: the guard drawn after Start
      // must know that the Start button had focus.
      const signal = stop.signal;
      quiz.addEventListener("focusin", (event) => { quiz.quizLastFocus = event.target; }, { signal });
      document.addEventListener("focusin", (event) => {
        if (!quiz.contains(event.target)) quiz.quizLastFocus = null;
      }, { signal });
      const keepFocus = () => {
        const last = quiz.quizLastFocus;
        if (!last || (last.isConnected && !last.disabled)) return;  // focus was not taken away
        const active = document.activeElement;
        if (active && active !== document.body && active !== last) return;  // the student is elsewhere
        // A disabled Hand in waits for its receipt; a vanished Start goes to the title.
        const target = quiz.querySelector(".quiz-receipt") || (last.isConnected ? null : quiz.querySelector("h3"));
        if (!target) return;
        target.tabIndex = -1;
        target.focus();
      };
      keepFocus();
      const watch = new MutationObserver(() => {
        mark(quiz);
        keepFocus();
      });
      watch.observe(quiz, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"] });
      signal.addEventListener("abort", () => watch.disconnect());
    };
    start();
    return () => stop.abort();
  },
};