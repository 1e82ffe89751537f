/**
 * The words a home-country system prints around the coded data: section titles, table headings
 * and fixed phrases, in German, Italian, French and Spanish, plus each country's way of writing
 * dates and decimals. Only narrative uses these; coded data carries its own designations.
 */
import type { VisitorCountry } from '../../data/patients-visitors';

export interface Labels {
  documentTitle: string;
  /** Composition.text: "Patient summary of {name}, created {date} by {author}". */
  summaryOf: (name: string, date: string, author: string) => string;
  sections: {
    problems: string;
    allergies: string;
    medications: string;
    immunizations: string;
    results: string;
    vitalSigns: string;
  };
  columns: {
    problem: string;
    since: string;
    status: string;
    substance: string;
    reaction: string;
    criticality: string;
    medication: string;
    strength: string;
    form: string;
    dosage: string;
    vaccine: string;
    date: string;
    test: string;
    result: string;
  };
  active: string;
  criticality: { low: string; high: string; 'unable-to-assess': string };
  severity: { mild: string; moderate: string; severe: string };
  /** emptyReason.text and narrative when the home record has no allergy information. */
  noAllergyInformation: string;
  /** Narrative row for the explicit "no known allergies" statement. */
  noKnownAllergiesSince: (date: string) => string;
  noProblemInformation: string;
  noMedicationInformation: string;
  /** Date-only `YYYY-MM-DD` → the country's format, built from the digits (no Date, no shift). */
  date: (isoDate: string) => string;
  number: (value: number) => string;
}

const dayMonthYear =
  (sep: string) =>
  (iso: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    return m ? `${m[3] ?? ''}${sep}${m[2] ?? ''}${sep}${m[1] ?? ''}` : iso;
  };
const decimalComma = (value: number): string => String(value).replace('.', ',');

export const LABELS: Record<VisitorCountry, Labels> = {
  DE: {
    documentTitle: 'Patientenkurzakte',
    summaryOf: (name, date, author) =>
      `Patientenkurzakte von ${name}, erstellt am ${date} von ${author}.`,
    sections: {
      problems: 'Aktuelle Probleme',
      allergies: 'Allergien und Unverträglichkeiten',
      medications: 'Medikation',
      immunizations: 'Impfungen',
      results: 'Befunde',
      vitalSigns: 'Vitalparameter',
    },
    columns: {
      problem: 'Problem',
      since: 'Seit',
      status: 'Status',
      substance: 'Substanz',
      reaction: 'Reaktion',
      criticality: 'Kritikalität',
      medication: 'Arzneimittel',
      strength: 'Stärke',
      form: 'Darreichungsform',
      dosage: 'Dosierung',
      vaccine: 'Impfstoff',
      date: 'Datum',
      test: 'Untersuchung',
      result: 'Ergebnis',
    },
    active: 'aktiv',
    criticality: { low: 'niedrig', high: 'hoch', 'unable-to-assess': 'nicht beurteilbar' },
    severity: { mild: 'leicht', moderate: 'mittel', severe: 'schwer' },
    noAllergyInformation: 'Keine Informationen über Allergien verfügbar.',
    noKnownAllergiesSince: (date) => `Keine bekannten Allergien (festgestellt am ${date}).`,
    noProblemInformation: 'Keine Informationen über Probleme verfügbar.',
    noMedicationInformation: 'Keine Informationen über Medikation verfügbar.',
    date: dayMonthYear('.'),
    number: decimalComma,
  },
  IT: {
    documentTitle: 'Profilo Sanitario Sintetico',
    summaryOf: (name, date, author) =>
      `Profilo sanitario sintetico di ${name}, redatto il ${date} da ${author}.`,
    sections: {
      problems: 'Problemi attivi',
      allergies: 'Allergie e intolleranze',
      medications: 'Terapia farmacologica',
      immunizations: 'Vaccinazioni',
      results: 'Esami diagnostici',
      vitalSigns: 'Parametri vitali',
    },
    columns: {
      problem: 'Problema',
      since: 'Dal',
      status: 'Stato',
      substance: 'Sostanza',
      reaction: 'Reazione',
      criticality: 'Criticità',
      medication: 'Farmaco',
      strength: 'Dosaggio',
      form: 'Forma farmaceutica',
      dosage: 'Posologia',
      vaccine: 'Vaccino',
      date: 'Data',
      test: 'Esame',
      result: 'Risultato',
    },
    active: 'attivo',
    criticality: { low: 'bassa', high: 'alta', 'unable-to-assess': 'non valutabile' },
    severity: { mild: 'lieve', moderate: 'moderata', severe: 'grave' },
    noAllergyInformation: 'Nessuna informazione disponibile sulle allergie.',
    noKnownAllergiesSince: (date) => `Nessuna allergia nota (accertato il ${date}).`,
    noProblemInformation: 'Nessuna informazione disponibile sui problemi.',
    noMedicationInformation: 'Nessuna informazione disponibile sulla terapia.',
    date: dayMonthYear('/'),
    number: decimalComma,
  },
  FR: {
    documentTitle: 'Synthèse médicale du patient',
    summaryOf: (name, date, author) =>
      `Synthèse médicale de ${name}, établie le ${date} par ${author}.`,
    sections: {
      problems: 'Problèmes actifs',
      allergies: 'Allergies et intolérances',
      medications: 'Traitements en cours',
      immunizations: 'Vaccinations',
      results: 'Résultats d’examens',
      vitalSigns: 'Signes vitaux',
    },
    columns: {
      problem: 'Problème',
      since: 'Depuis',
      status: 'Statut',
      substance: 'Substance',
      reaction: 'Réaction',
      criticality: 'Criticité',
      medication: 'Médicament',
      strength: 'Dosage',
      form: 'Forme pharmaceutique',
      dosage: 'Posologie',
      vaccine: 'Vaccin',
      date: 'Date',
      test: 'Examen',
      result: 'Résultat',
    },
    active: 'actif',
    criticality: { low: 'faible', high: 'élevée', 'unable-to-assess': 'non évaluable' },
    severity: { mild: 'légère', moderate: 'modérée', severe: 'sévère' },
    noAllergyInformation: 'Aucune information disponible sur les allergies.',
    noKnownAllergiesSince: (date) => `Aucune allergie connue (constaté le ${date}).`,
    noProblemInformation: 'Aucune information disponible sur les problèmes.',
    noMedicationInformation: 'Aucune information disponible sur les traitements.',
    date: dayMonthYear('/'),
    number: decimalComma,
  },
  ES: {
    documentTitle: 'Historia Clínica Resumida',
    summaryOf: (name, date, author) =>
      `Historia clínica resumida de ${name}, elaborada el ${date} por ${author}.`,
    sections: {
      problems: 'Problemas activos',
      allergies: 'Alergias e intolerancias',
      medications: 'Medicación actual',
      immunizations: 'Vacunas',
      results: 'Resultados de pruebas',
      vitalSigns: 'Constantes vitales',
    },
    columns: {
      problem: 'Problema',
      since: 'Desde',
      status: 'Estado',
      substance: 'Sustancia',
      reaction: 'Reacción',
      criticality: 'Criticidad',
      medication: 'Medicamento',
      strength: 'Concentración',
      form: 'Forma farmacéutica',
      dosage: 'Posología',
      vaccine: 'Vacuna',
      date: 'Fecha',
      test: 'Prueba',
      result: 'Resultado',
    },
    active: 'activo',
    criticality: { low: 'baja', high: 'alta', 'unable-to-assess': 'no evaluable' },
    severity: { mild: 'leve', moderate: 'moderada', severe: 'grave' },
    noAllergyInformation: 'No hay información disponible sobre alergias.',
    noKnownAllergiesSince: (date) => `Sin alergias conocidas (constatado el ${date}).`,
    noProblemInformation: 'No hay información disponible sobre problemas.',
    noMedicationInformation: 'No hay información disponible sobre medicación.',
    date: dayMonthYear('/'),
    number: decimalComma,
  },
};
