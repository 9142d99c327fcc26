import { augmentationPreview } from './augmentation-preview.js';
import { ClassList, type LabelledClass } from './class-list.js';
import { type Classifier, loadClassifier } from './classifier.js';
import { confusionMatrixView } from './confusion-matrix-view.js';
import { courseCats, coursePhoto } from './course-photos.js';
import { byId, element } from './dom.js';
import { DownloadView } from './download-view.js';
import { errorElement, modelFilesHint } from './friendly-error.js';
import { addKerasDownload } from './keras-download.js';
import { phaseControls } from './phase-controls.js';
import { photoItem, showAnswer } from './photo-item.js';
import { photoPicker } from './photo-picker.js';
import { predictNewClasses } from './predict-new-classes.js';
import { type CurrentModel, setUpSavedModelControls } from './saved-model-controls.js';
import type { PageSettings } from './settings.js';
import { type NewClassesModel, trainNewClasses } from './train-new-classes.js';
import { type PhasesModel, trainPhases } from './train-phases.js';
import { TrainingChart } from './training-chart.js';

/**
 * Part 4: a labelled set built in the page, a new head trained on MobileNetV2's features with live
 * curves, predictions for new photos, and the model saved to and loaded from IndexedDB.
 */
export function setUpTransferPart(settings: PageSettings): void {
  const section = byId('part4');
  const classList = new ClassList(byId('part4-classes'));
  classList.add('female');
  classList.add('male');
  byId('part4-add-class').addEventListener('click', () => classList.add(`class ${classList.classes().length}`));
  // The course's set, one click away: 20 female and 20 male cats, the last 5 of each held back.
  byId('part4-course-cats').addEventListener('click', () => {
    status.textContent = "Fetching the course's cats…";
    Promise.all([
      Promise.all(courseCats.female.map((name) => coursePhoto(`cats/${name}`))),
      Promise.all(courseCats.male.map((name) => coursePhoto(`cats/${name}`))),
    ]).then(
      ([female, male]) => {
        classList.replaceAll([
          { name: 'female', files: female },
          { name: 'male', files: male },
        ]);
        byId<HTMLInputElement>('part4-validation').value = '5';
        status.textContent = "The course's cats are in: 20 per class, the last 5 of each held back to validate. Press Train.";
      },
      (error: unknown) => status.replaceChildren(errorElement(error, "the course's cats")),
    );
  });

  const form = byId<HTMLFormElement>('part4-form');
  const trainButton = byId<HTMLButtonElement>('part4-train');
  const status = byId('part4-status');
  const log = byId('part4-log');
  const chart = new TrainingChart(byId('part4-chart'));
  const progress = new DownloadView(byId('part4-progress'));
  const results = byId<HTMLOListElement>('part4-results');
  const evaluation = element('div', { id: 'part4-evaluation' });
  byId('part4-log').after(evaluation);
  // TensorFlow's MobileNetV2 tutorial's two steps beyond the course, and what augmentation does to a photo.
  const phases = phaseControls();
  form.after(phases.element, augmentationPreview());
  let current: CurrentModel | undefined;
  let queue = Promise.resolve();
  // One thing at a time (training, predicting, saving), in the order asked; a failure is shown and
  // does not stop what comes after.
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch((error: unknown) => status.replaceChildren(errorElement(error, 'part 4')));
  };

  const use = (model: CurrentModel): void => {
    current?.dispose();
    current = model;
    saved.enable();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const classes = classList.classes();
    const choice = phases.choice();
    const problem = checkClasses(classes, Number(data.get('validation'))) ?? phases.problem();
    if (problem !== undefined) {
      status.replaceChildren(element('span', { class: 'error', role: 'alert', text: problem }));
      return;
    }
    trainButton.disabled = true;
    section.dataset.state = 'training';
    log.textContent = '';
    log.hidden = false;
    status.textContent = 'Preparing…';
    enqueue(async () => {
      try {
        progress.start('Loading MobileNetV2');
        let base: Classifier['model'];
        try {
          ({ model: base } = await loadClassifier(settings, progress.onProgress));
        } catch (error) {
          progress.fail(errorElement(error, 'the model', modelFilesHint));
          section.dataset.state = 'failed';
          status.textContent = 'Not trained: the model could not be loaded (see above).';
          return;
        }
        progress.finish('MobileNetV2');
        const common = {
          validationPerClass: Number(data.get('validation')),
          epochs: Number(data.get('epochs')),
          seed: 42,
          chart,
          onWarning: (message: string) => status.append(element('span', { class: 'warning', text: ` ${message}` })),
          print: (line: string) => {
            log.textContent += `${line}\n`;
            log.scrollTop = log.scrollHeight;
          },
        };
        const kerasWay = choice.augment || choice.fineTune !== undefined;
        section.dataset.way = kerasWay ? 'keras' : 'fast';
        const trained: NewClassesModel | PhasesModel = kerasWay
          ? await trainPhases(base, classes, {
              ...common,
              ...choice,
              onPhase: (message) => {
                progress.clear();
                status.textContent = message;
                common.print(message);
              },
            })
          : await trainNewClasses(base, classes, {
              ...common,
              onFeatures: (done, total) => progress.step(done, total, `Computing the features of photo ${done} of ${total}`),
              onTraining: () => {
                progress.clear();
                status.textContent = 'Training the new layer…';
              },
            });
        use({ model: trained.model, classNames: trained.classNames, dispose: trained.dispose });
        const tuned = 'fineTuning' in trained ? trained.fineTuning : undefined;
        status.replaceChildren(
          ...(tuned !== undefined
            ? [
                `Fine-tuning trained ${tuned.trainableParams.toLocaleString('en-US')} parameters (${tuned.nonTrainableParams.toLocaleString('en-US')} frozen); training accuracy before it ${tuned.accuracyBefore.toFixed(2)}. `,
              ]
            : []),
          trained.summary,
        );
        section.dataset.phases = tuned !== undefined ? '2' : '1';
        section.dataset.trainableParams = tuned !== undefined ? String(tuned.trainableParams) : '';
        evaluation.replaceChildren(
          ...(trained.validationPhotos.length > 0 ? [confusionMatrixView(trained.validationPhotos, trained.classNames)] : []),
        );
        section.dataset.state = 'trained';
        section.dataset.trainAccuracy = String(trained.accuracy);
        section.dataset.validationAccuracy = String(trained.validationAccuracy ?? '');
      } catch (error) {
        progress.clear();
        section.dataset.state = 'failed';
        status.replaceChildren(errorElement(error, 'the training'));
      } finally {
        trainButton.disabled = false;
      }
    });
  });

  byId('part4-picker').append(
    photoPicker({
      id: 'part4-predict',
      label: 'Photos to predict',
      onFiles: (files) => {
        const items = files.map((file) => {
          const item = photoItem(file);
          results.prepend(item);
          return { file, item };
        });
        enqueue(async () => {
          for (const { file, item } of items) {
            if (current === undefined)
              showAnswer(item, element('p', { class: 'error', text: 'Train a model or load the saved one first.' }), 'failed');
            else await predictNewClasses(current, file, item, () => current?.model);
          }
        });
      },
    }),
  );

  const saved = setUpSavedModelControls({
    section,
    current: () => current,
    use,
    enqueue,
  });
  addKerasDownload(() => current);
  void saved.refresh();
}

/** Why the classes cannot be trained on yet, or undefined. */
function checkClasses(classes: readonly LabelledClass[], validationPerClass: number): string | undefined {
  const names = classes.map((entry) => entry.name);
  if (names.some((name) => name === '')) return 'Give every class a name.';
  if (new Set(names).size !== names.length) return 'Give every class a different name.';
  const short = classes.find((entry) => entry.files.length < validationPerClass + 1);
  if (short !== undefined) {
    return `Class "${short.name}" has ${short.files.length} photo(s); it needs at least ${validationPerClass + 1} (${validationPerClass} held back for validation, 1 or more to learn from).`;
  }
  return undefined;
}
