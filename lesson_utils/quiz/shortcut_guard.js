export default {
  render({ el }) {
    const mark = (quiz) => quiz.querySelectorAll("select, input, textarea, button")
      .forEach((control) => control.setAttribute("data-lm-suppress-shortcuts", ""));
    let frames = 0;
    const start = () => {
      const quiz = el.closest(".quiz");
      if (!quiz) {
        if (frames++ < 600) requestAnimationFrame(start);
        return;
      }
      mark(quiz);
      new MutationObserver(() => mark(quiz)).observe(quiz, { childList: true, subtree: true });
    };
    start();
  },
};
