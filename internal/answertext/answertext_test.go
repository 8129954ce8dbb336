package answertext

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func para(text string) Block       { return Block{Kind: Paragraph, Text: text} }
func heading(text string) Block    { return Block{Kind: Heading, Text: text} }
func list(items ...string) Block   { return Block{Kind: List, Items: items} }
func blocks(bs ...Block) []Block   { return bs }
func nhlbi(lines ...string) string { return strings.Join(lines, "\n                \n") }

// The inputs are excerpts of real MedQuAD answers (CC BY 4.0), with their
// whitespace as the dataset has it; the folder and file are noted. The few
// constructed ones say so.
var parseTests = []struct {
	name string
	in   string
	want []Block
}{
	{"empty", "", nil},
	{"only whitespace", " \n\t  \n ", nil},
	{"one sentence", "At least 500 cases of 22q13.3 deletion syndrome are known.",
		blocks(para("At least 500 cases of 22q13.3 deletion syndrome are known."))},

	// Paragraphs.
	{
		"GHR paragraphs: two spaces after a sentence (3_GHR_QA/0000869)",
		"The unpleasant feelings and the resulting need to move the legs often make it difficult for an affected person to fall asleep or stay asleep.  The signs and symptoms of restless legs syndrome range from mild to severe.",
		blocks(
			para("The unpleasant feelings and the resulting need to move the legs often make it difficult for an affected person to fall asleep or stay asleep."),
			para("The signs and symptoms of restless legs syndrome range from mild to severe."),
		),
	},
	{
		"two spaces inside a sentence, where the dataset dropped a character, are no break (3_GHR_QA/0000038)",
		"protein called polymerase gamma (pol ). Pol  functions in mitochondria",
		blocks(para("protein called polymerase gamma (pol ). Pol functions in mitochondria")),
	},
	{
		"two spaces for a dropped dash between numbers are no break (6_NINDS_QA/0000216)",
		"General paresis can occur between 3  30 years after getting syphilis.",
		blocks(para("General paresis can occur between 3 30 years after getting syphilis.")),
	},
	{
		"MedlinePlus paragraphs: four spaces, and a run of spaces inside a sentence (4_MPlus_Health_Topics_QA/0000104)",
		"A clot in the veins deep in the limbs is called   deep vein thrombosis (DVT).    DVT usually affects the deep veins of the legs.",
		blocks(
			para("A clot in the veins deep in the limbs is called deep vein thrombosis (DVT)."),
			para("DVT usually affects the deep veins of the legs."),
		),
	},
	{
		"NINDS paragraphs: line breaks (6_NINDS_QA/0000246)",
		"Taking a hot bath, massaging the legs, or using a heating pad or ice pack can help relieve symptoms in some patients.\n                \nPhysicians also may suggest a variety of medications to treat RLS.",
		blocks(
			para("Taking a hot bath, massaging the legs, or using a heating pad or ice pack can help relieve symptoms in some patients."),
			para("Physicians also may suggest a variety of medications to treat RLS."),
		),
	},
	{
		"MedlinePlus attribution stays a paragraph (4_MPlus_Health_Topics_QA/0000776)",
		"PLMD and RLS can also affect the arms.     NIH: National Heart, Lung, and Blood Institute",
		blocks(para("PLMD and RLS can also affect the arms."), para("NIH: National Heart, Lung, and Blood Institute")),
	},

	// Lists.
	{
		"GHR resources (3_GHR_QA/0000869)",
		"These resources address the diagnosis or management of restless legs syndrome:  - Restless Leg Syndrome Foundation: Diagnosis  - Restless Leg Syndrome Foundation: Treatment Options   These resources from MedlinePlus offer information about the diagnosis and management of various health conditions:  - Diagnostic Tests  - Drug Therapy  - Surgery and Rehabilitation  - Genetic Counseling   - Palliative Care",
		blocks(
			para("These resources address the diagnosis or management of restless legs syndrome:"),
			list("Restless Leg Syndrome Foundation: Diagnosis", "Restless Leg Syndrome Foundation: Treatment Options"),
			para("These resources from MedlinePlus offer information about the diagnosis and management of various health conditions:"),
			list("Diagnostic Tests", "Drug Therapy", "Surgery and Rehabilitation", "Genetic Counseling", "Palliative Care"),
		),
	},
	{
		"a single item announced by a colon, with a dash inside it (3_GHR_QA/0000513)",
		"These resources address the diagnosis or management of Imerslund-Grsbeck syndrome:  - MedlinePlus Encyclopedia: Anemia - B12 deficiency   These resources from MedlinePlus offer information",
		blocks(
			para("These resources address the diagnosis or management of Imerslund-Grsbeck syndrome:"),
			list("MedlinePlus Encyclopedia: Anemia - B12 deficiency"),
			para("These resources from MedlinePlus offer information"),
		),
	},
	{
		"CancerGov list between paragraphs (1_CancerGov_QA/0000024_3)",
		"Check with your doctor if you have any of the following:          - A sore on the lip or in the mouth that does not heal.    - A lump or thickening on the lips or gums or in the mouth.        Lip and oral cavity cancer may not have any symptoms and is sometimes found during a regular dental exam.",
		blocks(
			para("Check with your doctor if you have any of the following:"),
			list("A sore on the lip or in the mouth that does not heal.", "A lump or thickening on the lips or gums or in the mouth."),
			para("Lip and oral cavity cancer may not have any symptoms and is sometimes found during a regular dental exam."),
		),
	},
	{
		"MedlinePlus list after an unfinished sentence, markers with two spaces (4_MPlus_Health_Topics_QA/0000405)",
		"Diarrhea is the main symptom of giardia infection. Others include       -  Passing gas    -  Greasy stools    -  Stomach cramps    -  Upset stomach or nausea        These symptoms may lead to weight loss and loss of body fluids.",
		blocks(
			para("Diarrhea is the main symptom of giardia infection. Others include"),
			list("Passing gas", "Greasy stools", "Stomach cramps", "Upset stomach or nausea"),
			para("These symptoms may lead to weight loss and loss of body fluids."),
		),
	},
	{
		"definition dashes inside items stay (4_MPlus_Health_Topics_QA/0000014)",
		"Types of tumors include       - Adrenocortical carcinoma - cancer in the outer part of the gland    - Neuroblastoma, a type of childhood cancer    - Pheochromocytoma - a rare tumor that is usually benign       Symptoms depend on the type of cancer you have.",
		blocks(
			para("Types of tumors include"),
			list("Adrenocortical carcinoma - cancer in the outer part of the gland", "Neuroblastoma, a type of childhood cancer", "Pheochromocytoma - a rare tumor that is usually benign"),
			para("Symptoms depend on the type of cancer you have."),
		),
	},
	{
		"a prose dash before a list stays in its paragraph (4_MPlus_Health_Topics_QA/0000028)",
		"Motor neurons transmit messages from your brain and spinal cord to your voluntary muscles - the ones you can control, like in your arms and legs. At first, this causes mild muscle problems. Some people notice       -  Trouble walking or running     -  Trouble writing     -  Speech problems",
		blocks(
			para("Motor neurons transmit messages from your brain and spinal cord to your voluntary muscles - the ones you can control, like in your arms and legs. At first, this causes mild muscle problems. Some people notice"),
			list("Trouble walking or running", "Trouble writing", "Speech problems"),
		),
	},
	{
		"NIDDK list after a line break, items two spaces apart (5_NIDDK_QA/0000055)",
		"You can help your diabetes retina problems by controlling your\n                \n- blood glucose  - blood pressure  - cholesterol and triglycerides, or types of blood fat\n                \nIf your retinopathy still does not improve, then you may need other treatments.",
		blocks(
			para("You can help your diabetes retina problems by controlling your"),
			list("blood glucose", "blood pressure", "cholesterol and triglycerides, or types of blood fat"),
			para("If your retinopathy still does not improve, then you may need other treatments."),
		),
	},
	{
		"CDC list, one item a line (9_CDC_QA/0000001)",
		"certain practices can increase the risk of getting Acanthamoeba keratitis:\n   \n    - Storing and handling lenses improperly\n    - Coming into contact with contaminated water\n    - Having a history of trauma to the cornea\n   \n   \nContact lens wearers who practice proper lens care can still develop the infection.",
		blocks(
			para("certain practices can increase the risk of getting Acanthamoeba keratitis:"),
			list("Storing and handling lenses improperly", "Coming into contact with contaminated water", "Having a history of trauma to the cornea"),
			para("Contact lens wearers who practice proper lens care can still develop the infection."),
		),
	},
	{
		"NINDS list whose further items follow single-spaced dashes (6_NINDS_QA/0000216)",
		"Neurosyphilis has five forms:\n                \n- asymptomatic neurosyphilis - meningeal neurosyphilis - meningovascular neurosyphilis - general paresis, and - tabes dorsalis.",
		blocks(
			para("Neurosyphilis has five forms:"),
			list("asymptomatic neurosyphilis", "meningeal neurosyphilis", "meningovascular neurosyphilis", "general paresis, and", "tabes dorsalis."),
		),
	},
	{
		"NINDS two items, the second after a sentence end (6_NINDS_QA/0000092)",
		"two groups of people are at high risk:\n                \n- Unborn infants whose mothers have CMV infection. CMVis the most common congenital infection in the U.S. - Immunocompromised individuals. CMV infection may be severe in solid organ or blood cell transplant recipients.",
		blocks(
			para("two groups of people are at high risk:"),
			list("Unborn infants whose mothers have CMV infection. CMVis the most common congenital infection in the U.S.", "Immunocompromised individuals. CMV infection may be severe in solid organ or blood cell transplant recipients."),
		),
	},
	{
		"NIHSeniorHealth's first item follows a single space (7_SeniorHealth_QA/0000001)",
		"Other risk factors include - Smoking  - Obesity  - Race. Whites are much more likely to lose vision from AMD than African-Americans.",
		blocks(
			para("Other risk factors include"),
			list("Smoking", "Obesity", "Race. Whites are much more likely to lose vision from AMD than African-Americans."),
		),
	},
	{
		"NIHSeniorHealth's run-on repeat of a list ends the last item (7_SeniorHealth_QA/0000004)",
		"A person in the early (mild) stage of Alzheimers disease may - find it hard to remember things  - ask the same questions over and over  - have some mood and personality changes. find it hard to remember things ask the same questions over and over",
		blocks(
			para("A person in the early (mild) stage of Alzheimers disease may"),
			list("find it hard to remember things", "ask the same questions over and over", "have some mood and personality changes."),
			para("find it hard to remember things ask the same questions over and over"),
		),
	},
	{
		"a sentence end followed by lower-case text that repeats no item stays in its item (1_CancerGov_QA)",
		"Stage III is either:  - More than 20% of the cells in the bone marrow are blasts (leukemia cells). or  - mTOR inhibitors block a protein called mTOR. mTOR inhibitors may keep cancer cells from growing.",
		blocks(
			para("Stage III is either:"),
			list("More than 20% of the cells in the bone marrow are blasts (leukemia cells). or", "mTOR inhibitors block a protein called mTOR. mTOR inhibitors may keep cancer cells from growing."),
		),
	},
	{
		"a lone dash-led line keeps its dash (1_CancerGov_QA)",
		"The cancer is found in the lymph nodes.\n                \n- Stage IIA:",
		blocks(para("The cancer is found in the lymph nodes."), para("- Stage IIA:")),
	},

	// Dashes that stay prose.
	{
		"a numeric range (6_NINDS_QA/0000216)",
		"Individuals who receive ceftriaxone are also treated for 10 - 14 days.",
		blocks(para("Individuals who receive ceftriaxone are also treated for 10 - 14 days.")),
	},
	{
		"a time range (9_CDC_QA/0000354)",
		"To coordinate specimen submission, please call 404 639 1075 during business hours (8:00 - 4:30 ET).",
		blocks(para("To coordinate specimen submission, please call 404 639 1075 during business hours (8:00 - 4:30 ET).")),
	},
	{
		"parenthetical dashes (6_NINDS_QA/0000066)",
		"Cerebellar degeneration is a process in which neurons in the cerebellum - the area of the brain that controls coordination and balance - deteriorate and die.",
		blocks(para("Cerebellar degeneration is a process in which neurons in the cerebellum - the area of the brain that controls coordination and balance - deteriorate and die.")),
	},
	{
		"a range before a list is not its first item (constructed)",
		"Risk is highest at age 45 - 60  - smoking  - obesity",
		blocks(para("Risk is highest at age 45 - 60"), list("smoking", "obesity")),
	},
	{
		"a dose range in a lone item (constructed)",
		"The usual dose is:\n\n- 5 - 10 mg a day",
		blocks(para("The usual dose is:"), list("5 - 10 mg a day")),
	},
	{
		"hyphens and double hyphens (6_NINDS_QA/0000081)",
		"the occipital horns - the posterior or rear portion of the lateral ventricles (cavities) of the brain -- are larger than normal in X-linked forms.",
		blocks(para("the occipital horns - the posterior or rear portion of the lateral ventricles (cavities) of the brain -- are larger than normal in X-linked forms.")),
	},

	// Headings.
	{
		"MedlinePlus summary label (4_MPlus_Health_Topics_QA/0000001)",
		"Summary : A1C is a blood test for type 2 diabetes and prediabetes.",
		blocks(heading("Summary"), para("A1C is a blood test for type 2 diabetes and prediabetes.")),
	},
	{
		"a label further in is a term being defined (1_CancerGov_QA)",
		"Tests may include:\n                \nBiopsy : The removal of cells or tissues.",
		blocks(para("Tests may include:"), para("Biopsy : The removal of cells or tissues.")),
	},
	{
		"GARD's opening question (2_GARD_QA/0004750)",
		"Is Parsonage Turner syndrome inherited? Parsonage Turner syndrome, which is also known as idiopathic neuralgic amyotrophy, is not inherited.",
		blocks(heading("Is Parsonage Turner syndrome inherited?"), para("Parsonage Turner syndrome, which is also known as idiopathic neuralgic amyotrophy, is not inherited.")),
	},
	{
		"a question to the reader opens a paragraph (4_MPlus_Health_Topics_QA/0000071)",
		"Is it hard for your child to sit still? Does your child act without thinking first?",
		blocks(para("Is it hard for your child to sit still? Does your child act without thinking first?")),
	},
	{
		"a question inside an answer opens its paragraph (4_MPlus_Health_Topics_QA/0000440)",
		"Deafness can keep you from hearing sound at all.     What causes hearing loss? Some possibilities are       - Heredity    - Diseases such as ear infections and meningitis",
		blocks(
			para("Deafness can keep you from hearing sound at all."),
			para("What causes hearing loss? Some possibilities are"),
			list("Heredity", "Diseases such as ear infections and meningitis"),
		),
	},
	{
		"a question on its own line (5_NIDDK_QA/0000022)",
		"can increase your risk.\n                \n\n                \nDoes sleep matter?   Yes. Studies show that untreated sleep problems can increase the risk of type 2 diabetes.",
		blocks(para("can increase your risk."), heading("Does sleep matter?"), para("Yes. Studies show that untreated sleep problems can increase the risk of type 2 diabetes.")),
	},
	{
		"CancerGov key points (1_CancerGov_QA/0000024_3)",
		"Key Points\n                    - Tobacco and alcohol use can affect the risk of lip and oral cavity cancer.     - Certain factors affect prognosis (chance of recovery) and treatment options.\n                \n                \n                    Lip and oral cavity cancer is a disease in which malignant (cancer) cells form in the lips or mouth.\n                    The oral cavity includes the following:         - The front two thirds of the tongue.    - The gingiva (gums).",
		blocks(
			heading("Key Points"),
			list("Tobacco and alcohol use can affect the risk of lip and oral cavity cancer.", "Certain factors affect prognosis (chance of recovery) and treatment options."),
			heading("Lip and oral cavity cancer is a disease in which malignant (cancer) cells form in the lips or mouth."),
			para("The oral cavity includes the following:"),
			list("The front two thirds of the tongue.", "The gingiva (gums)."),
		),
	},
	{
		"CancerGov subheadings between runs of spaces (1_CancerGov_QA/0000024_3)",
		"Information about clinical trials is available from the NCI website.     Chemotherapy     Chemotherapy is a cancer treatment that uses drugs to stop the growth of cancer cells.       Hyperthermia therapy     Hyperthermia therapy is a treatment in which body tissue is heated above normal temperature.",
		blocks(
			para("Information about clinical trials is available from the NCI website."),
			heading("Chemotherapy"),
			para("Chemotherapy is a cancer treatment that uses drugs to stop the growth of cancer cells."),
			heading("Hyperthermia therapy"),
			para("Hyperthermia therapy is a treatment in which body tissue is heated above normal temperature."),
		),
	},
	{
		"NHLBI headings and a list that lost its markers (8_NHLBI_QA_XML/0000114)",
		nhlbi("Nerve Damage", "Nerve damage in the legs or feet may cause or worsen RLS.", "Medicines and Substances",
			"Certain medicines may trigger RLS. These include some:", "Antinausea medicines (used to treat upset stomach)",
			"Antidepressants (used to treat depression)", "RLS symptoms usually get better or may even go away if the medicine is stopped."),
		blocks(
			heading("Nerve Damage"),
			para("Nerve damage in the legs or feet may cause or worsen RLS."),
			heading("Medicines and Substances"),
			para("Certain medicines may trigger RLS. These include some:"),
			list("Antinausea medicines (used to treat upset stomach)", "Antidepressants (used to treat depression)"),
			para("RLS symptoms usually get better or may even go away if the medicine is stopped."),
		),
	},
	{
		"short lines after a colon are items; a Title Case line after them heads the next section (8_NHLBI_QA_XML/0000114)",
		nhlbi("Typical movements are:", "Pacing and walking", "Jiggling the legs", "Rubbing the legs", "Unpleasant Feelings",
			"People who have RLS describe the unpleasant feelings in their limbs as creeping, crawling, pulling, itching, tingling, burning, aching, or electric shocks."),
		blocks(
			para("Typical movements are:"), list("Pacing and walking", "Jiggling the legs", "Rubbing the legs"), heading("Unpleasant Feelings"),
			para("People who have RLS describe the unpleasant feelings in their limbs as creeping, crawling, pulling, itching, tingling, burning, aching, or electric shocks."),
		),
	},
	{
		"a short line between unfinished ones is an item (8_NHLBI_QA_XML/0000012)",
		nhlbi("Fish high in omega-3 fatty acids, such as salmon, tuna, and trout, about twice a week",
			"Fruits, such as apples, bananas, oranges, pears, and prunes",
			"Legumes, such as kidney beans, lentils, chickpeas, black-eyed peas, and lima beans"),
		blocks(
			para("Fish high in omega-3 fatty acids, such as salmon, tuna, and trout, about twice a week"),
			para("Fruits, such as apples, bananas, oranges, pears, and prunes"),
			para("Legumes, such as kidney beans, lentils, chickpeas, black-eyed peas, and lima beans"),
		),
	},
	{
		"a list's lower-case introduction is no heading (4_MPlus_Health_Topics_QA/0000767)",
		"More than 25 million Americans have one.    Rare diseases       - May involve chronic illness, disability, and often premature death    - Often have no treatment or not very effective treatment",
		blocks(
			para("More than 25 million Americans have one."),
			para("Rare diseases"),
			list("May involve chronic illness, disability, and often premature death", "Often have no treatment or not very effective treatment"),
		),
	},
	{
		"a title at the very end is no heading (4_MPlus_Health_Topics_QA/0000971)",
		"If you have whooping cough, treatment with antibiotics may help if given early.    Centers for Disease Control and Prevention",
		blocks(para("If you have whooping cough, treatment with antibiotics may help if given early."), para("Centers for Disease Control and Prevention")),
	},

	// GARD's phenotype tables.
	{
		"a phenotype table (2_GARD_QA/0005446)",
		"You can use the MedlinePlus Medical Dictionary to look up the definitions for these medical terms. Signs and Symptoms Approximate number of patients (when available) Nail dystrophy 5% Autosomal recessive inheritance - Brittle hair - Dry hair - The Human Phenotype Ontology (HPO) has collected information on how often a sign or symptom occurs in a condition.",
		blocks(
			para("You can use the MedlinePlus Medical Dictionary to look up the definitions for these medical terms."),
			heading("Signs and Symptoms Approximate number of patients (when available)"),
			list("Nail dystrophy 5%", "Autosomal recessive inheritance", "Brittle hair", "Dry hair"),
			para("The Human Phenotype Ontology (HPO) has collected information on how often a sign or symptom occurs in a condition."),
		),
	},
	{
		"a phenotype table with fractions and a sign starting with a digit (2_GARD_QA)",
		"Signs and Symptoms Approximate number of patients (when available) Seizures 5/8 2-3 toe syndactyly - Scoliosis 7.5% The Human Phenotype Ontology (HPO) has collected information",
		blocks(
			heading("Signs and Symptoms Approximate number of patients (when available)"),
			list("Seizures 5/8", "2-3 toe syndactyly", "Scoliosis 7.5%"),
			para("The Human Phenotype Ontology (HPO) has collected information"),
		),
	},
	{
		"a table whose rows do not parse stays prose (2_GARD_QA/0004456)",
		"Signs and Symptoms Approximate number of patients (when available) Hypertrophic cardiomyopathy 3 of 4 Macrocephaly 3 of 4 The Human Phenotype Ontology (HPO) has collected information",
		blocks(para("Signs and Symptoms Approximate number of patients (when available) Hypertrophic cardiomyopathy 3 of 4 Macrocephaly 3 of 4 The Human Phenotype Ontology (HPO) has collected information")),
	},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\ngot:\n%s\nwant:\n%s", tt.in, render(got), render(tt.want))
			}
			if err := checkWords(tt.in, got); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Summary : A1C is a blood test.", "Summary A1C is a blood test."},
		{"Symptoms include\n                \n- nausea  - vomiting\n                \nSee a doctor.", "Symptoms include nausea vomiting See a doctor."},
		{"Patients  should\tnot\u00a0wait.", "Patients should not wait."},
		{"It lasts 10 - 14 days.", "It lasts 10 - 14 days."},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	const rls = "Restless legs syndrome (RLS) is a neurological disorder characterized by unpleasant sensations in the legs and an uncontrollable, and sometimes overwhelming, urge to move them for relief."
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"empty", "", 100, ""},
		{"zero max", rls, 0, ""},
		{"negative max", rls, -5, ""},
		{"short text is whole, no ellipsis", "Restless legs syndrome is common.", 100, "Restless legs syndrome is common."},
		{"exact length is whole", "Restless legs syndrome is common.", 33, "Restless legs syndrome is common."},
		{"one rune over is cut", "Restless legs syndrome is common.", 32, "Restless legs syndrome is…"},
		{"cut at a word boundary", rls, 100, "Restless legs syndrome (RLS) is a neurological disorder characterized by unpleasant sensations in…"},
		{"cut after a whole word", rls, 24, "Restless legs syndrome…"},
		{"no comma before the ellipsis", rls, 130, "Restless legs syndrome (RLS) is a neurological disorder characterized by unpleasant sensations in the legs and an uncontrollable…"},
		{"no period before the ellipsis", "Symptoms may gradually worsen with age. Nevertheless, current therapies can control the disorder.", 42, "Symptoms may gradually worsen with age…"},
		{"no dash before the ellipsis", "in the cerebellum - the area of the brain", 20, "in the cerebellum…"},
		{"no opening bracket before the ellipsis", "caused by RLS (restless legs syndrome)", 17, "caused by RLS…"},
		{"structure markers are gone", "Symptoms include\n                \n- nausea  - vomiting  - diarrhea", 100, "Symptoms include nausea vomiting diarrhea"},
		{"multibyte runes count once", "Waldenström macroglobulinemia is a rare cancer – über selten.", 30, "Waldenström macroglobulinemia…"},
		{"multibyte rune at the cut", "ééééé ééééé ééééé", 8, "ééééé…"},
		{"no spaces: a hard cut between runes", "ééééééééééééééééééé", 6, "ééééé…"},
		{"no spaces, ASCII", "https://www.ninds.nih.gov/disorders/restless_legs/restless_legs.htm", 20, "https://www.ninds.n…"},
		{"max 1", rls, 1, "…"},
		{"hostile text is text", `<script>alert("x")</script> is not markup here`, 100, `<script>alert("x")</script> is not markup here`},
		{"hostile text cut", `<script>alert("x")</script> <b>bold</b> & more`, 30, `<script>alert("x")</script>…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Snippet(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Snippet(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if err := checkSnippet(tt.in, tt.max, got); err != nil {
				t.Error(err)
			}
		})
	}
}

// checkSnippet verifies Snippet's promises: at most max runes; the whole
// Plain text without an ellipsis when it fits, otherwise a prefix of it
// that ends between runes, followed by "…".
func checkSnippet(text string, max int, got string) error {
	plain := Plain(text)
	if max < 1 {
		if got != "" {
			return errorf("max %d: got %q, want \"\"", max, got)
		}
		return nil
	}
	if n := utf8.RuneCountInString(got); n > max {
		return errorf("%q has %d runes, more than %d", got, n, max)
	}
	if utf8.RuneCountInString(plain) <= max {
		if got != plain {
			return errorf("text fits: got %q, want %q", got, plain)
		}
		return nil
	}
	prefix, ok := strings.CutSuffix(got, "…")
	if !ok {
		return errorf("cut text %q does not end in …", got)
	}
	if !strings.HasPrefix(plain, prefix) {
		return errorf("%q is not a prefix of %q", prefix, plain)
	}
	if next, _ := utf8.DecodeRuneInString(plain[len(prefix):]); next == utf8.RuneError && utf8.ValidString(plain) {
		return errorf("%q cuts a rune of %q", prefix, plain)
	}
	if prefix != "" && strings.HasSuffix(prefix, " ") {
		return errorf("%q ends in a space before the ellipsis", prefix)
	}
	return nil
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Paragraph: "paragraph", List: "list", Heading: "heading", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestUnmarkedListAfterColon(t *testing.T) {
	// NHLBI, restless legs syndrome: the items lost their markers and
	// stand one per line.
	in := "RLS can range from mild to severe based on:\n                \nThe strength of your symptoms and how often they occur\n                \nHow easily moving around relieves your symptoms\n                \nHow much your symptoms disturb your sleep\n                \nOne type of RLS usually starts early in life."
	got := Parse(in)
	if len(got) != 3 || got[1].Kind != List || len(got[1].Items) != 3 || got[2].Kind != Paragraph {
		t.Errorf("Parse = %+v", got)
	}
	// Sentences after a colon are prose, not items.
	prose := "Symptoms include:\n\nThe legs ache at night.\n\nSleep is poor."
	for _, b := range Parse(prose) {
		if b.Kind == List {
			t.Errorf("sentences became a list: %+v", Parse(prose))
		}
	}
}
