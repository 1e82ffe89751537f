/**
 * Feedback message templates for patients, in the five languages the clinic writes to patients
 * in. Each template is a function of already formatted values (numbers in the patient's
 * locale, units in the patient's preferred unit), so grammar such as plurals and cases stays
 * inside each language. The clinician edits the text before it is sent.
 */
import type { MetricKey } from './metrics';

export const FEEDBACK_LANGUAGES = ['en', 'de', 'fr', 'it', 'es'] as const;
export type FeedbackLanguage = (typeof FEEDBACK_LANGUAGES)[number];

export const FEEDBACK_TEMPLATES = [
  'readings-good',
  'bp-high',
  'weight-rising',
  'missed-readings',
  'glucose-low',
] as const;
export type FeedbackTemplate = (typeof FEEDBACK_TEMPLATES)[number];

/** Values as they appear in the text: numbers formatted, quantities with their unit label. */
export interface FormattedValues {
  'readings-good': { days: number };
  'bp-high': { pressure: string };
  'weight-rising': { gain: string; days: number };
  'missed-readings': { metric: MetricKey; days: number };
  'glucose-low': { count: number; days: number; lowest: string };
}

type Templates = { [K in FeedbackTemplate]: (v: FormattedValues[K]) => string };

interface Language {
  /** "3 days" in the case the templates use it. */
  days: (n: number) => string;
  /** "over the last 3 days" as one phrase (word order and case differ per language). */
  recent: (n: number) => string;
  times: (n: number) => string;
  metric: Readonly<Record<MetricKey, string>>;
  templates: Templates;
}

const plural = (one: string, many: string) => (n: number) => `${String(n)} ${n === 1 ? one : many}`;

const EN: Language = {
  days: plural('day', 'days'),
  recent: (n) => (n === 1 ? 'over the last day' : `over the last ${String(n)} days`),
  times: (n) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${String(n)} times`),
  metric: {
    'blood-pressure': 'blood pressure',
    weight: 'weight',
    spo2: 'oxygen saturation',
    'heart-rate': 'heart rate',
    glucose: 'blood glucose',
    'cgm-glucose': 'glucose sensor',
  },
  templates: {
    'readings-good': (v) =>
      `Your readings ${EN.recent(v.days)} look good. Please keep measuring as planned.`,
    'bp-high': (v) =>
      `Your blood pressure was high (${v.pressure}). Please contact the practice today. If you have chest pain, severe headache or shortness of breath, call the emergency number.`,
    'weight-rising': (v) =>
      `Your weight has gone up by ${v.gain} in ${EN.days(v.days)}. Please take the extra diuretic dose as agreed in your plan, and call us if you are short of breath or your ankles are swelling.`,
    'missed-readings': (v) =>
      `We have not received your ${EN.metric[v.metric]} readings for ${EN.days(v.days)}. Please measure today, or let us know if there is a problem with the device.`,
    'glucose-low': (v) =>
      `Your glucose was low ${EN.times(v.count)} ${EN.recent(v.days)} (lowest ${v.lowest}). Please contact us so we can adjust your treatment, and always carry fast-acting sugar with you.`,
  },
};

const DE: Language = {
  // Dative ("seit 3 Tagen", "in den letzten 7 Tagen").
  days: plural('Tag', 'Tagen'),
  recent: (n) => (n === 1 ? 'am letzten Tag' : `in den letzten ${String(n)} Tagen`),
  times: (n) => (n === 1 ? 'einmal' : `${String(n)}-mal`),
  metric: {
    'blood-pressure': 'Blutdruck',
    weight: 'Gewicht',
    spo2: 'Sauerstoffsättigung',
    'heart-rate': 'Puls',
    glucose: 'Blutzucker',
    'cgm-glucose': 'Glukosesensor',
  },
  templates: {
    'readings-good': (v) =>
      `Ihre Messwerte ${DE.recent(v.days)} sehen gut aus. Bitte messen Sie weiter wie besprochen.`,
    'bp-high': (v) =>
      `Ihr Blutdruck war zu hoch (${v.pressure}). Bitte melden Sie sich heute in der Praxis. Bei Brustschmerzen, starken Kopfschmerzen oder Atemnot rufen Sie den Notruf an.`,
    'weight-rising': (v) =>
      `Ihr Gewicht ist in ${DE.days(v.days)} um ${v.gain} gestiegen. Bitte nehmen Sie die zusätzliche Dosis des Entwässerungsmittels wie in Ihrem Plan vereinbart, und rufen Sie uns an, wenn Sie kurzatmig sind oder Ihre Knöchel anschwellen.`,
    'missed-readings': (v) =>
      `Wir haben seit ${DE.days(v.days)} keine Messwerte (${DE.metric[v.metric]}) von Ihnen erhalten. Bitte messen Sie heute, oder sagen Sie uns, wenn es ein Problem mit dem Gerät gibt.`,
    'glucose-low': (v) =>
      `Ihr Blutzucker war ${DE.recent(v.days)} ${DE.times(v.count)} zu niedrig (niedrigster Wert ${v.lowest}). Bitte melden Sie sich, damit wir Ihre Behandlung anpassen können, und tragen Sie immer schnell wirksamen Zucker bei sich.`,
  },
};

const FR: Language = {
  days: plural('jour', 'jours'),
  recent: (n) =>
    n === 1 ? 'au cours du dernier jour' : `au cours des ${String(n)} derniers jours`,
  times: (n) => `${String(n)} fois`,
  metric: {
    'blood-pressure': 'tension artérielle',
    weight: 'poids',
    spo2: 'saturation en oxygène',
    'heart-rate': 'fréquence cardiaque',
    glucose: 'glycémie',
    'cgm-glucose': 'capteur de glucose',
  },
  templates: {
    'readings-good': (v) =>
      `Vos mesures ${FR.recent(v.days)} sont bonnes. Continuez à mesurer comme prévu.`,
    'bp-high': (v) =>
      `Votre tension artérielle était élevée (${v.pressure}). Veuillez contacter le cabinet aujourd’hui. En cas de douleur thoracique, de mal de tête intense ou d’essoufflement, appelez le numéro d’urgence.`,
    'weight-rising': (v) =>
      `Votre poids a augmenté de ${v.gain} en ${FR.days(v.days)}. Veuillez prendre la dose supplémentaire de diurétique prévue dans votre plan et appelez-nous si vous êtes essoufflé(e) ou si vos chevilles gonflent.`,
    'missed-readings': (v) =>
      `Nous n’avons reçu aucune mesure (${FR.metric[v.metric]}) depuis ${FR.days(v.days)}. Veuillez mesurer aujourd’hui ou nous signaler un problème avec l’appareil.`,
    'glucose-low': (v) =>
      `Votre glycémie a été basse ${FR.times(v.count)} ${FR.recent(v.days)} (valeur la plus basse ${v.lowest}). Veuillez nous contacter afin d’adapter votre traitement, et ayez toujours du sucre rapide sur vous.`,
  },
};

const IT: Language = {
  days: plural('giorno', 'giorni'),
  recent: (n) => (n === 1 ? 'nell’ultimo giorno' : `negli ultimi ${String(n)} giorni`),
  times: (n) => (n === 1 ? 'una volta' : `${String(n)} volte`),
  metric: {
    'blood-pressure': 'pressione arteriosa',
    weight: 'peso',
    spo2: 'saturazione di ossigeno',
    'heart-rate': 'frequenza cardiaca',
    glucose: 'glicemia',
    'cgm-glucose': 'sensore del glucosio',
  },
  templates: {
    'readings-good': (v) =>
      `Le sue misurazioni ${IT.recent(v.days)} sono buone. Continui a misurare come previsto.`,
    'bp-high': (v) =>
      `La sua pressione arteriosa era alta (${v.pressure}). La preghiamo di contattare lo studio oggi stesso. In caso di dolore al petto, forte mal di testa o affanno, chiami il numero di emergenza.`,
    'weight-rising': (v) =>
      `Il suo peso è aumentato di ${v.gain} in ${IT.days(v.days)}. Prenda la dose aggiuntiva di diuretico come concordato nel suo piano e ci chiami se ha affanno o se le caviglie si gonfiano.`,
    'missed-readings': (v) =>
      `Da ${IT.days(v.days)} non riceviamo le sue misurazioni (${IT.metric[v.metric]}). Misuri oggi, per favore, o ci avvisi se c’è un problema con l’apparecchio.`,
    'glucose-low': (v) =>
      `La sua glicemia è stata bassa ${IT.times(v.count)} ${IT.recent(v.days)} (valore più basso ${v.lowest}). Ci contatti per adattare la terapia e porti sempre con sé zucchero a rapido assorbimento.`,
  },
};

const ES: Language = {
  days: plural('día', 'días'),
  recent: (n) => (n === 1 ? 'en el último día' : `en los últimos ${String(n)} días`),
  times: (n) => (n === 1 ? 'una vez' : `${String(n)} veces`),
  metric: {
    'blood-pressure': 'presión arterial',
    weight: 'peso',
    spo2: 'saturación de oxígeno',
    'heart-rate': 'frecuencia cardíaca',
    glucose: 'glucosa en sangre',
    'cgm-glucose': 'sensor de glucosa',
  },
  templates: {
    'readings-good': (v) =>
      `Sus mediciones ${ES.recent(v.days)} están bien. Siga midiendo según lo previsto.`,
    'bp-high': (v) =>
      `Su presión arterial estaba alta (${v.pressure}). Por favor, contacte hoy con la consulta. Si tiene dolor en el pecho, dolor de cabeza intenso o falta de aire, llame al número de emergencias.`,
    'weight-rising': (v) =>
      `Su peso ha aumentado ${v.gain} en ${ES.days(v.days)}. Tome la dosis adicional de diurético acordada en su plan y llámenos si le falta el aire o se le hinchan los tobillos.`,
    'missed-readings': (v) =>
      `No hemos recibido sus mediciones (${ES.metric[v.metric]}) desde hace ${ES.days(v.days)}. Por favor, mida hoy o avísenos si hay algún problema con el aparato.`,
    'glucose-low': (v) =>
      `Su glucosa estuvo baja ${ES.times(v.count)} ${ES.recent(v.days)} (valor más bajo ${v.lowest}). Contacte con nosotros para ajustar su tratamiento y lleve siempre azúcar de absorción rápida.`,
  },
};

const LANGUAGES: Readonly<Record<FeedbackLanguage, Language>> = {
  en: EN,
  de: DE,
  fr: FR,
  it: IT,
  es: ES,
};

/** The text of a template in a language, from formatted values. */
export function renderTemplate<K extends FeedbackTemplate>(
  language: FeedbackLanguage,
  template: K,
  values: FormattedValues[K],
): string {
  return LANGUAGES[language].templates[template](values);
}
