"""Name, street and regimen lists for the demo ward: varied and international, so a demo
screen looks like a real ward's (and search, sorting and wide characters get exercised)."""

from __future__ import annotations

FEMALE_NAMES = (
    "Aisha", "Amara", "Ana", "Anjali", "Astrid", "Beatriz", "Camila", "Chen", "Chiara",
    "Chioma", "Claire", "Dana", "Elena", "Elif", "Emma", "Esperanza", "Fatima", "Freya",
    "Gabriela", "Grace", "Hana", "Ines", "Ingrid", "Isabel", "Jana", "Jia", "Julia",
    "Kamala", "Katarzyna", "Keiko", "Laila", "Leila", "Lucia", "Maja", "Margaret", "Maria",
    "Mei", "Mia", "Nadia", "Naledi", "Niamh", "Nora", "Olga", "Olivia", "Priya", "Rania",
    "Renée", "Rosa", "Ruth", "Saanvi", "Sakura", "Sara", "Siobhan", "Sofia", "Svetlana",
    "Thandiwe", "Valentina", "Wanjiru", "Yara", "Yuki", "Zanele", "Zeynep", "Zoë",
)

MALE_NAMES = (
    "Adebayo", "Ahmed", "Aleksander", "Andrés", "Arjun", "Ben", "Bjørn", "Carlos",
    "Chidi", "Daniel", "David", "Diego", "Dmitri", "Emeka", "Erik", "Farid", "Felix",
    "Francesco", "George", "Hamid", "Hiroshi", "Ibrahim", "Ivan", "Jakub", "James",
    "Jamal", "Javier", "Jin", "João", "Jonas", "Karim", "Kenji", "Kwame", "Liam", "Luca",
    "Lukas", "Malik", "Marco", "Mateo", "Mehmet", "Miguel", "Mohammed", "Nikolai",
    "Noah", "Oliver", "Omar", "Oskar", "Pablo", "Patrick", "Pedro", "Rahul", "Raj",
    "Rui", "Samuel", "Santiago", "Sean", "Sipho", "Stefan", "Tariq", "Thomas", "Tomás",
    "Wei", "Yusuf",
)

NEUTRAL_NAMES = ("Alex", "Ari", "Kai", "Noa", "Quinn", "Robin", "Sam", "Sasha")

SURNAMES = (
    "Abubakar", "Adeyemi", "Ahmed", "Al-Sayed", "Andersen", "Bakker", "Banerjee",
    "Bianchi", "Brown", "Byrne", "Castillo", "Chen", "Chowdhury", "Costa", "Dang",
    "Davies", "de Jong", "Dubois", "Dvořák", "Eriksson", "Evans", "Fernández", "Fischer",
    "Fitzgerald", "García", "Goldberg", "González", "Gupta", "Haddad", "Hansen",
    "Hernández", "Hoang", "Hughes", "Ivanova", "Jansen", "Jones", "Kaya", "Kelly", "Khan",
    "Kim", "Kowalski", "Kumar", "Lambert", "Larsen", "Lee", "Li", "Lindqvist", "López",
    "Martin", "Mbeki", "Mendes", "Moreau", "Müller", "Murphy", "Nakamura", "Nguyen",
    "Novak", "Nowak", "O'Brien", "Okafor", "Okonkwo", "Olsen", "Owusu", "Papadopoulos",
    "Park", "Patel", "Pereira", "Petrov", "Popescu", "Rahman", "Ramírez", "Rossi",
    "Sánchez", "Santos", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Smith", "Sokolova",
    "Suzuki", "Tanaka", "Taylor", "Thompson", "Tran", "van der Berg", "Vasquez",
    "Virtanen", "Wang", "Williams", "Wilson", "Wójcik", "Yamamoto", "Yılmaz", "Zhang",
    "Zulu",
)

STREETS = (
    "Acacia Avenue", "Albert Road", "Bridge Street", "Canal Walk", "Castle Lane",
    "Cedar Close", "Chapel Row", "Church Street", "Elm Grove", "Fairfield Road",
    "Harbour View", "High Street", "Hillside Drive", "King's Road", "Larch Crescent",
    "Mill Lane", "Market Square", "Meadow Way", "Oak Terrace", "Orchard Place",
    "Park Avenue", "Queen Street", "Riverside", "Station Road", "Victoria Street",
    "Water Lane", "Willow Court",
)

TOWNS = (
    "Northfield", "Eastbrook", "Westmere", "Southgate", "Ashford", "Brampton",
    "Kingsbury", "Lakeside", "Millbrook", "Riverton",
)

DOCTOR_SPECIALIZATIONS = (
    "General medicine", "Cardiology", "Respiratory medicine", "Gastroenterology",
    "Geriatrics", "Nephrology", "Endocrinology", "Neurology", "Infectious diseases",
    "Haematology", "Oncology", "Rheumatology",
)
SURGEON_SPECIALIZATIONS = (
    "General surgery", "Orthopaedics", "Vascular surgery", "Urology", "Colorectal surgery",
)
NURSE_SPECIALIZATIONS = ("Ward nursing", "Critical care", "Infection control", "Tissue viability")
PHARMACIST_SPECIALIZATIONS = ("Clinical pharmacy", "Antimicrobial stewardship")
TECHNOLOGIST_SPECIALIZATIONS = ("Radiography", "Laboratory", "Respiratory physiology")

PRESCRIPTIONS = (
    "Amoxicillin 500 mg three times daily for 7 days",
    "Paracetamol 1 g four times daily as needed",
    "Enoxaparin 40 mg subcutaneous once daily",
    "Furosemide 40 mg once daily; daily weights",
    "Metformin 500 mg twice daily with meals",
    "Salbutamol nebuliser 5 mg four times daily",
    "Co-amoxiclav 1.2 g IV three times daily",
    "Omeprazole 20 mg once daily before breakfast",
    "Bisoprolol 2.5 mg once daily; monitor heart rate",
    "Insulin sliding scale; capillary glucose four-hourly",
    "Prednisolone 30 mg once daily for 5 days",
    "Morphine 2.5 mg oral four-hourly as needed",
    "IV fluids: sodium chloride 0.9% 1 L over 8 hours",
    "Ceftriaxone 2 g IV once daily",
    "Apixaban 5 mg twice daily",
)

INVOICE_ITEMS = (
    "Ward stay", "Consultation", "CT scan", "MRI scan", "X-ray", "Blood tests",
    "Physiotherapy", "Pharmacy", "Theatre time", "Outpatient review",
)

BLOCK_REASONS = ("Broken bed rail, awaiting estates", "Deep clean after infection",
                 "Oxygen outlet fault", "Reserved for planned isolation")
